"""The one shape of an output-format registry, for `analyze`'s reports and `lint`'s results.

A row names its renderer by `module:function`, imported only when it runs: the CLI builds its
`--format` choices from the names without paying for msgspec or the Markdown renderer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from checker.sink import Kind

T = TypeVar("T")


@dataclass(frozen=True)
class Renderer(Generic[T]):
    """One output format: a pure function from a value (a Report, a LintResult) to text."""

    name: str  # the --format value
    target: str  # "module:function", the function taking the value (and the terminal options)
    kind: Kind  # how the sink makes the text public: json is made public value by value
    extension: str  # of a file holding it (golden files, the Action's report file)
    media_type: str
    terminal: bool = False  # laid out for a terminal: takes `color` and `width`

    def function(self) -> Callable[..., str]:
        module, _, name = self.target.partition(":")
        function: Callable[..., str] = getattr(importlib.import_module(module), name)
        return function

    def __call__(self, value: T, *, color: bool = False, width: int | None = None) -> str:
        """The rendered text; `color` and `width` reach only a terminal format."""
        if not self.terminal:
            return self.function()(value)
        options: dict[str, object] = {"color": color}
        if width is not None:
            options["width"] = width
        return self.function()(value, **options)


def registry(*rows: Renderer[T]) -> Mapping[str, Renderer[T]]:
    """Rows by name, in the order given (the order --help lists them in)."""
    by_name = {row.name: row for row in rows}
    if len(by_name) != len(rows):
        raise ValueError("two renderers share a name")
    return by_name
