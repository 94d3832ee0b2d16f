"""JavaScript and TypeScript analyzer on tree-sitter: resolve imports and instances, check calls."""

from __future__ import annotations

import bisect
import math
from collections import abc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from checker.lint.jsscope import (
    WRAPPERS,
    Collector,
    Node,
    root_name,
    string_value,
    text,
    this_field,
)
from checker.lint.model import CallHit
from checker.lint.values import (
    NONE,
    UNKNOWN,
    Instance,
    Mapping,
    Num,
    Ref,
    Seq,
    Str,
    TimeoutObject,
    Value,
    to_float,
)

if TYPE_CHECKING:
    from checker.client import Client

FUNCTION = Ref("<function>")
GLOBALS = frozenset({"fetch", "AbortSignal", "Infinity", "URL", "Request", "require"})
# Helpers compilers emit (and define in the file) around `require` for ES imports.
INTEROP_HELPERS = frozenset(
    {"__importDefault", "__importStar", "_interopRequireDefault", "_interopRequireWildcard"}
)
# Free names and imports only browser code has: such a file's `fetch` is the browser's, not undici.
BROWSER_GLOBALS = ("window", "document", "localStorage", "sessionStorage")
BROWSER_MODULES = frozenset({"react", "react-dom", "vue", "svelte", "preact", "@angular/core"})
# tree-sitter parses any depth, Python's stack does not: deeper expressions are unknown values
# (no timeout a client could use is written 64 levels down).
MAX_DEPTH = 64


@cache
def _parser(suffix: str) -> Any:
    import tree_sitter

    if suffix in {".ts", ".mts", ".cts"}:
        import tree_sitter_typescript

        language = tree_sitter.Language(tree_sitter_typescript.language_typescript())
    elif suffix == ".tsx":
        import tree_sitter_typescript

        language = tree_sitter.Language(tree_sitter_typescript.language_tsx())
    else:
        import tree_sitter_javascript

        language = tree_sitter.Language(tree_sitter_javascript.language())
    return tree_sitter.Parser(language)


class Libraries(Protocol):
    """The library tables the analyzer asks (jslibs.JavaScriptTables, from checker.clients)."""

    @property
    def libraries(self) -> abc.Mapping[str, Client]: ...

    def canonical(self, name: str) -> str: ...

    def build(self, call: Call, analyzer: Analyzer) -> Value: ...

    def checker_for(
        self, call: Call, analyzer: Analyzer
    ) -> Callable[[Call, Analyzer], Iterator[CallHit]] | None: ...


def analyze_source(
    data: bytes, suffix: str, maximum: float, tables: Libraries
) -> tuple[list[CallHit], str | None]:
    """Hits in one JS/TS file, and the syntax error when the grammar rejects part of it.

    tree-sitter recovers around what it cannot parse (valid code newer than the grammar, or a
    real error): calls in or touching a broken region, and names bound there, are unknown and
    never reported; the rest of the file is checked.
    """
    tree = _parser(suffix).parse(data)
    root = tree.root_node
    broken = Broken(root) if root.has_error else None
    browser = suffix in {".jsx", ".tsx"}
    hits = list(Analyzer(root, maximum, tables, browser=browser, broken=broken).hits())
    return hits, f"syntax error near line {_first_error_line(root)}" if broken else None


class Broken:
    """The byte ranges of a tree's ERROR and MISSING nodes, to ask whether a node lies in one."""

    def __init__(self, root: Node) -> None:
        ranges: list[tuple[int, int]] = []
        stack = [root]
        while stack:
            node = stack.pop()
            if node.is_error or node.is_missing:
                ranges.append((int(node.start_byte), int(node.end_byte)))
                continue
            stack.extend(c for c in node.children if c.has_error or c.is_error or c.is_missing)
        ranges.sort()
        self.starts = [start for start, _ in ranges]
        self.reach: list[int] = []  # the furthest end among the ranges starting up to here
        for _, end in ranges:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def touches(self, node: Node) -> bool:
        """Whether `node` holds an error or lies inside a broken region."""
        if node.has_error:
            return True
        index = bisect.bisect_right(self.starts, int(node.start_byte)) - 1
        return index >= 0 and self.reach[index] >= int(node.end_byte)


def _first_error_line(node: Node) -> int:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.is_error or current.is_missing:
            return int(current.start_point[0]) + 1
        stack.extend(reversed([c for c in current.children if c.has_error or c.is_missing or c.is_error]))
    return int(node.start_point[0]) + 1


def _number(literal: str) -> float | None:
    cleaned = literal.replace("_", "")
    try:
        if cleaned[:2].lower() in {"0x", "0o", "0b"}:
            return to_float(int(cleaned, 0))
        return float(cleaned.rstrip("n"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Call:
    """A call or `new` as the library checks see it."""

    node: Node
    callee: Value
    args: tuple[Value, ...]
    spread: bool  # `...args` among the arguments
    is_new: bool
    analyzer: Analyzer

    def arg(self, index: int) -> Value | None:
        if index < len(self.args):
            return self.args[index]
        return UNKNOWN if self.spread else None


class Analyzer:
    def __init__(
        self,
        root: Node,
        maximum: float,
        tables: Libraries,
        *,
        browser: bool = False,
        broken: Broken | None = None,
    ) -> None:
        self.maximum = maximum
        self.tables = tables
        self.browser = browser  # JSX components run in browsers: no Lambda, no undici
        self.broken = broken
        self.collector = Collector()
        self.collector.walk(root)
        if broken is not None:
            self._forget_broken_bindings(broken)
        self._memo: dict[str, Value] = {}
        self._busy: set[str] = set()
        self._depth = 0
        self._truncated = False  # the value being evaluated met MAX_DEPTH somewhere below
        self._values: dict[int, Value] = {}
        self.root = root
        self._identifiers: dict[str, list[Node]] | None = None

    def identifiers(self, name: str) -> list[Node]:
        """Every identifier `name` in the file (collected once, on first use)."""
        if self._identifiers is None:
            found: dict[str, list[Node]] = {}
            stack = [self.root]
            while stack:
                node = stack.pop()
                if node.type == "identifier":
                    found.setdefault(text(node), []).append(node)
                stack.extend(node.children)
            self._identifiers = found
        return self._identifiers.get(name, [])

    def in_browser(self) -> bool:
        """Whether the file is browser code: JSX, a UI framework import, or free `window`,
        `document` or `localStorage` (a Node file that names them binds them first)."""
        if self.browser:
            return True
        if any(name not in self.collector.bindings and self.identifiers(name) for name in BROWSER_GLOBALS):
            return True
        return any(
            kind == "ref" and isinstance(source, str) and source.split(".")[0] in BROWSER_MODULES
            for bindings in self.collector.bindings.values()
            for kind, source in bindings
        )

    def _forget_broken_bindings(self, broken: Broken) -> None:
        """A name bound in a region the parser could not read may be bound to anything."""
        for bindings in self.collector.bindings.values():
            for index, (_, source) in enumerate(bindings):
                node = source[0] if isinstance(source, tuple) else source
                if node is not None and not isinstance(node, str) and broken.touches(node):
                    bindings[index] = ("unknown", None)

    def hits(self) -> Iterator[CallHit]:
        # Innermost calls first: their values are then memoized for the calls around them.
        for node in reversed(self.collector.calls):
            if self.broken is not None and self.broken.touches(node):
                continue
            call = self.call(node)
            if call is None:
                continue
            checker = self.tables.checker_for(call, self)
            if checker is not None:
                yield from checker(call, self)

    def configured(self, node: Node) -> bool:
        name = root_name(node)
        return name is not None and name in self.collector.configured

    def call(self, node: Node) -> Call | None:
        is_new = node.type == "new_expression"
        target = node.child_by_field_name("constructor" if is_new else "function")
        arguments = node.child_by_field_name("arguments")
        if target is None:
            return None
        values: list[Value] = []
        spread = False
        if arguments is not None:
            if arguments.type == "template_string":
                return None  # a tagged template
            for argument in arguments.named_children:
                if argument.type == "spread_element":
                    spread = True
                    break
                if argument.type == "comment":
                    continue
                values.append(self.evaluate(argument))
        return Call(node, self.evaluate(target), tuple(values), spread, is_new, self)

    def lookup(self, name: str) -> Value:
        if name in self._memo:
            return self._memo[name]
        bindings = self.collector.bindings.get(name)
        if bindings is None:
            return Ref(name) if name in GLOBALS else UNKNOWN
        if name in self._busy:
            return UNKNOWN
        self._busy.add(name)
        values = [self._binding(kind, source) for kind, source in bindings]
        self._busy.discard(name)
        result = values[0] if all(v == values[0] for v in values) else UNKNOWN
        written = self.collector.mutated.get(name)
        if written and isinstance(result, Mapping):
            # A later `name.key = ...` may run before or after the call: that key is unknown.
            result = (
                UNKNOWN
                if None in written
                else Mapping(
                    tuple((k, UNKNOWN if k in written else v) for k, v in result.items)
                    + tuple(
                        (k, UNKNOWN)
                        for k in sorted(k for k in written if k is not None)
                        if k not in dict(result.items)
                    )
                )
            )
        self._memo[name] = result
        return result

    def _binding(self, kind: str, source: Node | str | tuple[Node, str] | None) -> Value:
        if kind == "ref" and isinstance(source, str):
            return Ref(source)
        if kind == "value" and source is not None and not isinstance(source, (str, tuple)):
            return self.evaluate(source)
        if kind == "member" and isinstance(source, tuple):
            base = self.evaluate(source[0])
            return Ref(f"{base.name}.{source[1]}") if isinstance(base, Ref) else UNKNOWN
        return UNKNOWN

    def evaluate(self, node: Node) -> Value:
        """The node's value; memoized when complete, so nested calls cost linear time."""
        known = self._values.get(node.id)
        if known is not None:
            return known
        if self._depth >= MAX_DEPTH:
            self._truncated = True
            return UNKNOWN
        outer, self._truncated = self._truncated, False
        self._depth += 1
        try:
            value = self._evaluate(node)
        finally:
            self._depth -= 1
        if not self._truncated:
            self._values[node.id] = value
        self._truncated = self._truncated or outer
        return value

    def _evaluate(self, node: Node) -> Value:
        kind = node.type
        if kind in WRAPPERS:
            named = node.named_children
            return self.evaluate(named[0]) if named else UNKNOWN
        if kind == "number":
            value = _number(text(node))
            return Num(value) if value is not None else UNKNOWN
        if kind in {"string", "template_string"}:
            literal = string_value(node)
            return Str(literal) if literal is not None else UNKNOWN
        if kind == "null":
            return NONE
        if kind == "identifier":
            name = text(node)
            if name == "Infinity" and "Infinity" not in self.collector.bindings:
                return Num(math.inf)
            if name in INTEROP_HELPERS:
                return Ref(name)
            return self.lookup(name)
        if kind == "member_expression":
            return self._member(node)
        if kind == "object":
            return self._object(node)
        if kind == "array":
            return Seq(tuple(self.evaluate(c) for c in node.named_children))
        if kind in {"arrow_function", "function_expression", "function"}:
            return FUNCTION
        if kind == "binary_expression":
            return self._arithmetic(node)
        if kind in {"call_expression", "new_expression"}:
            call = self.call(node)
            return self.tables.build(call, self) if call is not None else UNKNOWN
        return UNKNOWN

    def _member(self, node: Node) -> Value:
        field_name = this_field(node)
        if field_name is not None:
            return self.lookup(field_name)
        base = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        if base is None or prop is None or prop.type != "property_identifier":
            return UNKNOWN
        value = self.evaluate(base)
        if isinstance(value, Ref) and value is not FUNCTION:
            return Ref(f"{value.name}.{text(prop)}")
        return UNKNOWN

    def _object(self, node: Node) -> Value:
        items: list[tuple[str, Value]] = []
        for child in node.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is None or value is None:
                    return UNKNOWN
                if key.type in {"property_identifier", "number"}:
                    name = text(key)
                elif key.type == "string":
                    name = string_value(key) or ""
                else:
                    return UNKNOWN  # a computed key may be any option
                items.append((name, self.evaluate(value)))
            elif child.type == "shorthand_property_identifier":
                items.append((text(child), self.lookup(text(child))))
            elif child.type == "comment":
                continue
            elif child.type == "method_definition":
                name_node = child.child_by_field_name("name")
                items.append((text(name_node) if name_node is not None else "", FUNCTION))
            else:
                return UNKNOWN  # a spread may carry any option
        return Mapping(tuple(items))

    def _arithmetic(self, node: Node) -> Value:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return UNKNOWN
        a, b = self.evaluate(left), self.evaluate(right)
        if not (isinstance(a, Num) and isinstance(b, Num)):
            return UNKNOWN
        operations: dict[str, Callable[[float, float], float]] = {
            "*": lambda x, y: x * y,
            "+": lambda x, y: x + y,
            "-": lambda x, y: x - y,
        }
        op = operations.get(text(operator))
        return Num(op(a.value, b.value)) if op else UNKNOWN


__all__ = ["Analyzer", "Call", "Instance", "TimeoutObject", "analyze_source"]
