"""Refresh docs/action-comment.png: the comment `connfail action` posts, as GitHub shows it.

Runs the Action against the local fake GitHub on examples/vpc-node-postgres.json, takes the
comment body it posted, renders it with cmark-gfm (GitHub's Markdown engine) and
github-markdown-css, and screenshots the page with headless Chromium.

    python tests/github/make_comment_picture.py [--css github-markdown-light.css]

Needs `pip install cmarkgfm`, Chromium (`apt-get install chromium`), and the CSS file from the
npm package github-markdown-css (`npm pack github-markdown-css`).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from fake_github import FakeGitHub  # noqa: E402
from test_action_end_to_end import HIGH_EXPORT, pr_event, run_action  # noqa: E402

_ALERT = re.compile(r"<blockquote>\s*<p>\[!(NOTE|WARNING|TIP|IMPORTANT|CAUTION)\]\s*", re.S)
_ALERT_COLORS = {"NOTE": "#0969da", "TIP": "#1a7f37", "IMPORTANT": "#8250df",
                 "WARNING": "#9a6700", "CAUTION": "#d1242f"}

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
body {{ background: #fff; margin: 0; padding: 16px; font-family: -apple-system, "Segoe UI",
  "Noto Sans", Helvetica, Arial, sans-serif; }}
.box {{ border: 1px solid #d1d9e0; border-radius: 6px; max-width: 860px; }}
.head {{ background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
  font-size: 14px; color: #59636e; border-radius: 6px 6px 0 0; }}
.head b {{ color: #1f2328; }} .bot {{ border: 1px solid #d1d9e0; border-radius: 2em;
  padding: 0 7px; font-size: 12px; margin-left: 4px; }}
.markdown-body {{ padding: 16px; }}
.alert {{ border-left: .25em solid; padding: 0 1em; margin-bottom: 16px; }}
.alert-title {{ font-weight: 500; margin-bottom: 4px; }}
/* GitHub marks task items with a class cmark-gfm leaves out: checkbox inline, no bullet. */
.markdown-body li:has(> input[type=checkbox]) {{ list-style-type: none; }}
.markdown-body li > input[type=checkbox] {{ float: left; margin: .3em .5em 0 -1.4em; }}
</style></head><body><div class="box"><div class="head"><b>github-actions</b>
<span class="bot">bot</span> commented</div>
<div class="markdown-body">{body}</div></div></body></html>"""


def comment_body() -> str:
    with FakeGitHub() as fake, tempfile.TemporaryDirectory() as tmp:
        run_action(fake, Path(tmp), "pull_request", pr_event(), exports=HIGH_EXPORT)
        return str(fake.state.comments[7][-1]["body"])


def to_html(markdown: str) -> str:
    body = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)

    def alert(match: re.Match[str]) -> str:
        kind = match.group(1)
        color = _ALERT_COLORS[kind]
        return (f'<blockquote class="alert" style="border-color:{color}">'
                f'<p class="alert-title" style="color:{color}">{html.escape(kind.title())}</p><p>')

    return _ALERT.sub(alert, body)


def screenshot(page: Path, out: Path, height: int) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        "--hide-scrollbars", f"--window-size=900,{height}",
                        f"--screenshot={out}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--css", type=Path, default=Path("github-markdown-light.css"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "action-comment.png")
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    css = args.css.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "comment.html"
        page.write_text(PAGE.format(css=css, body=to_html(comment_body())), encoding="utf-8")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screenshot(page, args.out.resolve(), args.height)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
