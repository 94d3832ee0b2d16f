"""The lint rules, declared once: docs/rules.md, SARIF rule metadata and messages read this table."""

from __future__ import annotations

from dataclasses import dataclass

from checker.config import LintSettings

DOCS_URL = "https://connfail.dev/docs/rules"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # stable slug, also the docs anchor suffix
    title: str
    severity: str  # "error" | "warning" (SARIF levels)
    why: str
    fix: str  # Markdown: what to write instead, with a before/after example

    @property
    def anchor(self) -> str:
        return f"{self.id.lower()}-{self.name}"

    @property
    def help_uri(self) -> str:
        return f"{DOCS_URL}#{self.anchor}"


RULES: tuple[Rule, ...] = (
    Rule(
        id="CF101",
        name="connect-timeout-missing",
        title="No connect timeout, and the library waits forever by default",
        severity="error",
        why=(
            "When the destination silently drops packets (a security group, a subnet without a "
            "route, a stopped instance), the TCP handshake never completes. Without a connect "
            "timeout the call blocks until the Lambda function itself times out, and you pay for "
            "every second of it, for every retry."
        ),
        fix=(
            "Give the client a short connect timeout (3 to 5 s) and a separate read timeout.\n\n"
            "```python\n"
            "requests.get(url)                      # before\n"
            "requests.get(url, timeout=(3.05, 27))  # after: 3.05 s to connect, 27 s to read\n"
            "```\n"
            "```js\n"
            "new Pool({ host })                                   // before\n"
            "new Pool({ host, connectionTimeoutMillis: 3000 })    // after\n"
            "```"
        ),
    ),
    Rule(
        id="CF102",
        name="connect-timeout-disabled",
        title="Connect timeout explicitly disabled",
        severity="error",
        why=(
            "`None`, `0` (where the library reads it as no limit) or a `(None, read)` tuple turn "
            "the connect timeout off on purpose. An unreachable host then costs the whole function "
            "timeout instead of a few seconds."
        ),
        fix=(
            "Replace the disabling value with a bounded connect timeout.\n\n"
            "```python\n"
            "httpx.Client(timeout=None)                                  # before\n"
            "httpx.Client(timeout=httpx.Timeout(10.0, connect=3.0))      # after\n"
            "```"
        ),
    ),
    Rule(
        id="CF103",
        name="connect-timeout-too-long",
        title="Connect timeout above the maximum",
        severity="warning",
        why=(
            "A reachable host answers a TCP handshake in milliseconds; a connect timeout of 30 s "
            "only decides how long an unreachable one is allowed to burn. The maximum is set with "
            "`--max-connect-timeout` or `max-connect-timeout` in the config (default "
            f"{LintSettings().max_connect_timeout:g} s)."
        ),
        fix=(
            "Lower the connect part only; keep a longer read timeout if responses are slow.\n\n"
            "```python\n"
            "requests.get(url, timeout=30)         # before: 30 s to connect\n"
            "requests.get(url, timeout=(3, 30))    # after: 3 s to connect, 30 s to read\n"
            "```"
        ),
    ),
    Rule(
        id="CF104",
        name="connect-timeout-default-too-long",
        title="No connect timeout, and the library's default is above the maximum",
        severity="warning",
        why=(
            "Some libraries do bound the connect phase by default, but loosely: ten seconds to "
            "minutes (each library's default is listed with the rules). With SDK retries on top, "
            "one unreachable endpoint can cost minutes."
        ),
        fix=(
            "Set the connect timeout explicitly.\n\n"
            "```python\n"
            "boto3.client('s3')                                                    # before\n"
            "boto3.client('s3', config=Config(connect_timeout=3, read_timeout=10))  # after\n"
            "```"
        ),
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

MISSING, DISABLED, TOO_LONG, DEFAULT_TOO_LONG = (rule.id for rule in RULES)
