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
        title="No connect timeout, and the library sets none by default",
        severity="error",
        why=(
            "When the destination silently drops packets (a security group, a subnet without a "
            "route, a stopped instance), the TCP handshake never completes. Without a connect "
            "timeout the call blocks until Linux gives up on the handshake (6 SYN retries: 134 s "
            "measured) or the Lambda function itself times out, whichever comes first, and you "
            "pay for every second of it, for every retry."
        ),
        fix=(
            "Give the client a short connect timeout (3 s, never above the maximum) and leave "
            "its reads as they were: the suggested fix changes the connect part only.\n\n"
            "```python\n"
            "requests.get(url)                        # before\n"
            "requests.get(url, timeout=(3.05, None))  # after: 3.05 s to connect, reads unchanged\n"
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
            "Lower the connect part only and keep every other setting: the read timeout, a "
            "Config's other options, a ClientTimeout's total. Where a library has one timeout "
            "for both (`urlopen`), the message says so instead of cutting the reads.\n\n"
            "```python\n"
            "requests.get(url, timeout=75)           # before: 75 s to connect and to read\n"
            "requests.get(url, timeout=(3.05, 75))   # after: 3.05 s to connect, 75 s to read\n"
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
            "boto3.client('s3', config=Config(signature_version='s3v4'))   # before\n"
            "boto3.client('s3', config=Config(signature_version='s3v4', connect_timeout=3))\n"
            "```"
        ),
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

MISSING, DISABLED, TOO_LONG, DEFAULT_TOO_LONG = (rule.id for rule in RULES)
