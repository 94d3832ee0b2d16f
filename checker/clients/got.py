"""got: the linter's checks, its default and fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import HTTP_SERVICES, Client, Language

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import GOT_METHODS, JavaScriptChecks, got_check, got_extend, got_instance

    return JavaScriptChecks(
        calls={"got": got_check(None), **{f"got.{method}": got_check(None) for method in GOT_METHODS}},
        instances={"got": got_instance},
        builders={"got.extend": got_extend},
        aliases=(("got.default", "got"),),
    )


LIBRARY = Client(
    name="got",
    language=Language.JAVASCRIPT,
    roots=("got",),
    default_connect=None,
    default_source=(
        "https://github.com/sindresorhus/got/blob/main/documentation/6-timeout.md (no timeout by default)"
    ),
    default_text="got has no timeout by default (the kernel gives up after about 130 s)",
    fix="timeout: { connect: {ms} }",
    reads="got (and `got.extend`)",
    checks=checks,
    services=HTTP_SERVICES,
)
