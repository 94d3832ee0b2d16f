"""Measure the PR comment as GitHub shows it, and refresh docs/action-comment.png.

Runs `connfail action` against the local fake GitHub (tests/github/fake_github.py) on exports of
1, 5 and 30 failing functions, takes the comment body it posted, renders it with cmark-gfm
(GitHub's Markdown engine) and github-markdown-css in headless Chromium, 1,000 px wide, with every
`<details>` folded as GitHub first shows them, and prints each height. The target is at most
1,200 px for each (issue 13). The 1-function comment, posted on a PR after a run on the base
commit and with the linter on (tests/data/github/culprit/), becomes docs/action-comment.png,
with its function's details opened.

    python bench/comment_picture.py --css github-markdown-light.css [--out docs/action-comment.png]

Needs cmarkgfm (a dev dependency), Chromium (`apt-get install -y chromium`), and the CSS file of
the npm package github-markdown-css (`npm pack github-markdown-css && tar xzf github-markdown-css-*.tgz`,
then `--css package/github-markdown-light.css`). Not a test: CI has no Chromium.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import cmarkgfm
from cmarkgfm.cmark import Options

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "github")]

from fake_github import FakeGitHub  # noqa: E402
from test_action_end_to_end import HIGH_EXPORT, pr_event, run_action  # noqa: E402

WIDTH = 1000
TARGET = 1200
CULPRIT_LINT = "tests/data/github/culprit/**/*.js"
_ALERT = re.compile(r"<blockquote>\s*<p>\[!(NOTE|WARNING|TIP|IMPORTANT|CAUTION)\]\s*", re.S)
_ALERT_COLORS = {
    "NOTE": "#0969da",
    "TIP": "#1a7f37",
    "IMPORTANT": "#8250df",
    "WARNING": "#9a6700",
    "CAUTION": "#d1242f",
}

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
body {{ background: #fff; margin: 0; padding: 0; font-family: -apple-system, "Segoe UI",
  "Noto Sans", Helvetica, Arial, sans-serif; }}
.box {{ border: 1px solid #d1d9e0; border-radius: 6px; width: {width}px; box-sizing: border-box; }}
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
</style></head><body><div class="box" id="box"><div class="head"><b>github-actions</b>
<span class="bot">bot</span> commented</div>
<div class="markdown-body">{body}</div></div>
<script>document.title = "height=" + document.getElementById("box").offsetHeight;</script>
</body></html>"""


def many_functions(count: int, out: Path) -> Path:
    """examples/vpc-node-postgres.json copied into `count` functions of one shared log group:
    each stream is renamed `YYYY/MM/DD/fn-NN[$LATEST]...`, which names its function."""
    data = json.loads((ROOT / HIGH_EXPORT).read_text(encoding="utf-8"))
    events: list[dict[str, Any]] = []
    for n in range(count):
        name, prefix = f"checkout-{n:02d}", f"{n:02x}"
        for event in data["events"]:
            stream = event["logStreamName"].replace("[$LATEST]", f"{name}[$LATEST]", 1)
            message = re.sub(r"\b[0-9a-f]{2}([0-9a-f]{6})-", rf"{prefix}\1-", event["message"])
            events.append({**event, "logStreamName": stream, "message": message})
    out.write_text(json.dumps({"events": events, "searchedLogStreams": []}), encoding="utf-8")
    return out


def comment_for(count: int, tmp: Path) -> str:
    """The comment body the Action posts on a PR, after a first run on the base commit."""
    if count == 1:
        export, extra = HIGH_EXPORT, {"log_group": "/aws/lambda/orders-api"}
    else:
        tmp.mkdir(parents=True, exist_ok=True)
        export, extra = str(many_functions(count, tmp / f"functions-{count}.json")), {}
    with FakeGitHub() as fake:
        base = fake.add_commits(["1" * 40, "0" * 40])[0]
        # The base branch's run: the same export minus nothing, so the PR shows "still failing";
        # with one function, a clean base so the picture shows a new finding.
        base_export = "examples/healthy-function.json" if count == 1 else export
        run_action(fake, tmp / "base", "push", {"after": base}, exports=base_export, sha=base, **extra)
        run_action(fake, tmp / "pr", "pull_request", pr_event(), exports=export, lint=CULPRIT_LINT, **extra)
        return str(fake.state.comments[7][-1]["body"])


def to_html(markdown: str) -> str:
    body = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)

    def alert(match: re.Match[str]) -> str:
        kind = match.group(1)
        color = _ALERT_COLORS[kind]
        return (
            f'<blockquote class="alert" style="border-color:{color}">'
            f'<p class="alert-title" style="color:{color}">{html.escape(kind.title())}</p><p>'
        )

    return _ALERT.sub(alert, body)


def _chromium(*args: str) -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--hide-scrollbars",
                *args,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
    return done.stdout


def height(page: Path) -> int:
    dom = _chromium(f"--window-size={WIDTH},2000", "--dump-dom", page.as_uri())
    found = re.search(r"<title>height=(\d+)</title>", dom)
    if not found:
        raise SystemExit("could not read the page height from Chromium")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--css", type=Path, default=Path("github-markdown-light.css"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "action-comment.png")
    parser.add_argument("--keep", type=Path, help="also write each page and picture here")
    args = parser.parse_args()
    css = args.css.read_text(encoding="utf-8")
    worst = 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for count in (1, 5, 30):
            page = tmp / f"comment-{count}.html"
            body = comment_for(count, tmp / f"run-{count}")
            page.write_text(PAGE.format(css=css, width=WIDTH, body=to_html(body)), encoding="utf-8")
            tall = height(page)
            worst = max(worst, tall)
            print(f"{count:>2} function(s): {tall:>5} px folded, {len(body):>6,} characters")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(page, args.keep / page.name)
                shot = (args.keep / f"comment-{count}.png").resolve()
                _chromium(f"--window-size={WIDTH},{tall}", f"--screenshot={shot}", page.as_uri())
            if count == 1:  # the README's picture: the function's details opened, as a reader would
                opened = tmp / "comment-open.html"
                opened.write_text(
                    PAGE.format(
                        css=css, width=WIDTH, body=to_html(body).replace("<details>", "<details open>", 1)
                    ),
                    encoding="utf-8",
                )
                open_height = height(opened)
                print(f"    (its details opened: {open_height} px, the picture)")
                args.out.parent.mkdir(parents=True, exist_ok=True)
                _chromium(
                    f"--window-size={WIDTH},{open_height}",
                    f"--screenshot={args.out.resolve()}",
                    opened.as_uri(),
                )
    print(f"wrote {args.out}; tallest {worst} px (target <= {TARGET} px)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
