"""Python analyzer on the standard `ast`: resolve names to clients, then ask the library table.

Names are resolved per scope without following control flow: a name bound several times in one
scope is known only when every binding gives the same value. That is the price of "never guess".
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.lint.model import Hit
from checker.lint.pyvalues import (
    NONE,
    UNKNOWN,
    Instance,
    Mapping,
    Num,
    Ref,
    Seq,
    Str,
    Value,
)

# Methods and attribute writes that may give a client a timeout we cannot see (a mounted
# adapter, a wrapped `request`): after one of these, the object is no longer provably bare.
CONFIGURING_METHODS = frozenset({"mount", "set_default_client_config"})
# Attributes whose replacement can change how a client sends (not `headers`, `verify`, `auth`;
# and not `timeout`, which requests ignores on a Session).
CONFIGURING_ATTRIBUTES = frozenset({
    "request", "send", "get", "post", "put", "patch", "delete", "head", "options", "adapters",
    "get_adapter", "merge_environment_settings"})
_ARITHMETIC: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv,
}


@dataclass(frozen=True)
class WithSource:
    """`with EXPR as name`: the name is EXPR itself for clients (their __enter__ returns self)."""

    expr: ast.expr


Source = ast.AST | str | WithSource | None  # None: bound to something we do not know


@dataclass(eq=False)
class Scope:
    parent: Scope | None
    is_class: bool = False
    self_name: str | None = None  # first parameter of a method
    owner: ClassInfo | None = None  # the class a method belongs to
    bindings: dict[str, list[tuple[Source, Scope]]] = field(default_factory=dict)
    declared_global: set[str] = field(default_factory=set)

    def bind(self, name: str, source: Source) -> None:
        self.bindings.setdefault(name, []).append((source, self))


@dataclass(eq=False)
class ClassInfo:
    scope: Scope
    attributes: dict[str, list[tuple[Source, Scope]]] = field(default_factory=dict)


class Collector:
    """One walk over the tree: scopes, bindings, calls, and names that got configured."""

    def __init__(self) -> None:
        self.module = Scope(None)
        self.calls: list[tuple[ast.Call, Scope]] = []
        self.configured: set[str] = set()

    def walk(self, node: ast.AST, scope: Scope) -> None:
        kind = type(node)
        if kind in _LEAVES:
            return
        method = _HANDLERS.get(kind)
        if method is not None:
            method(self, node, scope)
            return
        for child in ast.iter_child_nodes(node):
            self.walk(child, scope)

    def walk_all(self, nodes: Sequence[ast.AST], scope: Scope) -> None:
        for node in nodes:
            self.walk(node, scope)

    def visit_Import(self, node: ast.Import, scope: Scope) -> None:
        for alias in node.names:
            if alias.asname:
                scope.bind(alias.asname, alias.name)
            else:
                first = alias.name.split(".")[0]
                scope.bind(first, first)

    def visit_ImportFrom(self, node: ast.ImportFrom, scope: Scope) -> None:
        for alias in node.names:
            if alias.name == "*":
                continue
            name = alias.asname or alias.name
            if node.level or not node.module:
                scope.bind(name, None)
            else:
                scope.bind(name, f"{node.module}.{alias.name}")

    def visit_Assign(self, node: ast.Assign, scope: Scope) -> None:
        self.walk(node.value, scope)
        for target in node.targets:
            self._target(target, node.value, scope)

    def visit_AnnAssign(self, node: ast.AnnAssign, scope: Scope) -> None:
        if node.value is not None:
            self.walk(node.value, scope)
            self._target(node.target, node.value, scope)

    def visit_AugAssign(self, node: ast.AugAssign, scope: Scope) -> None:
        self.walk(node.value, scope)
        self._target(node.target, None, scope)

    def visit_NamedExpr(self, node: ast.NamedExpr, scope: Scope) -> None:
        self.walk(node.value, scope)
        self._target(node.target, node.value, scope)

    def _target(self, target: ast.expr, value: ast.expr | None, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.bind(target.id, value)
        elif isinstance(target, ast.Attribute):
            self._attribute_store(target, value, scope)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(element, None, scope)
        elif isinstance(target, ast.Starred):
            self._target(target.value, None, scope)
        else:
            self.walk(target, scope)

    def _attribute_store(self, target: ast.Attribute, value: ast.expr | None, scope: Scope) -> None:
        base = target.value
        if (isinstance(base, ast.Name) and base.id == scope.self_name and scope.owner is not None):
            scope.owner.attributes.setdefault(target.attr, []).append((value, scope))
        key = _configurable_key(base, scope)
        if key is not None and target.attr in CONFIGURING_ATTRIBUTES:
            self.configured.add(key)
        self.walk(base, scope)

    def visit_Name(self, node: ast.Name, scope: Scope) -> None:
        if not isinstance(node.ctx, ast.Load):
            scope.bind(node.id, None)

    def visit_Global(self, node: ast.Global, scope: Scope) -> None:
        scope.declared_global.update(node.names)

    def visit_ExceptHandler(self, node: ast.ExceptHandler, scope: Scope) -> None:
        if node.name:
            scope.bind(node.name, None)
        for child in ast.iter_child_nodes(node):
            self.walk(child, scope)

    def visit_MatchAs(self, node: ast.MatchAs, scope: Scope) -> None:
        if node.name:
            scope.bind(node.name, None)
        for child in ast.iter_child_nodes(node):
            self.walk(child, scope)

    def visit_MatchStar(self, node: ast.MatchStar, scope: Scope) -> None:
        if node.name:
            scope.bind(node.name, None)

    def visit_MatchMapping(self, node: ast.MatchMapping, scope: Scope) -> None:
        if node.rest:
            scope.bind(node.rest, None)
        for child in ast.iter_child_nodes(node):
            self.walk(child, scope)

    def visit_With(self, node: ast.With | ast.AsyncWith, scope: Scope) -> None:
        for item in node.items:
            self.walk(item.context_expr, scope)
            if isinstance(item.optional_vars, ast.Name):
                scope.bind(item.optional_vars.id, WithSource(item.context_expr))
            elif item.optional_vars is not None:
                self._target(item.optional_vars, None, scope)
        self.walk_all(node.body, scope)

    visit_AsyncWith = visit_With

    def visit_Call(self, node: ast.Call, scope: Scope) -> None:
        self.calls.append((node, scope))
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in CONFIGURING_METHODS:
            key = _configurable_key(func.value, scope)
            if key is not None:
                self.configured.add(key)
        for child in ast.iter_child_nodes(node):
            self.walk(child, scope)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> None:
        self.walk_all(node.decorator_list, scope)
        self.walk(node.args, scope)  # defaults and annotations run in the enclosing scope
        if node.returns is not None:
            self.walk(node.returns, scope)
        scope.bind(node.name, None)
        inner = Scope(scope)
        parameters = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        for extra in (node.args.vararg, node.args.kwarg):
            if extra is not None:
                parameters.append(extra)
        for parameter in parameters:
            inner.bind(parameter.arg, None)
        positional = [*node.args.posonlyargs, *node.args.args]
        if scope.is_class and positional and not _is_static(node):
            inner.self_name = positional[0].arg
            inner.owner = self._class_of(scope)
        self.walk_all(node.body, inner)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_arguments(self, node: ast.arguments, scope: Scope) -> None:
        for default in (*node.defaults, *node.kw_defaults):
            if default is not None:
                self.walk(default, scope)

    def visit_Lambda(self, node: ast.Lambda, scope: Scope) -> None:
        self.walk(node.args, scope)
        inner = Scope(scope)
        for parameter in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
            inner.bind(parameter.arg, None)
        self.walk(node.body, inner)

    def visit_ClassDef(self, node: ast.ClassDef, scope: Scope) -> None:
        self.walk_all(node.decorator_list, scope)
        self.walk_all(node.bases, scope)
        self.walk_all(node.keywords, scope)
        scope.bind(node.name, None)
        inner = Scope(scope, is_class=True)
        self._classes[id(inner)] = ClassInfo(inner)
        self.walk_all(node.body, inner)

    _classes: dict[int, ClassInfo]

    def _class_of(self, scope: Scope) -> ClassInfo:
        return self._classes[id(scope)]

    def collect(self, tree: ast.Module) -> None:
        self._classes = {}
        self.walk_all(tree.body, self.module)


# Node types with nothing to collect below them, and the handler of every type that has one.
_LEAVES = frozenset({ast.Constant, ast.Pass, ast.Break, ast.Continue, ast.Load, ast.Store} | {
    t for t in vars(ast).values() if isinstance(t, type) and issubclass(
        t, (ast.operator, ast.cmpop, ast.boolop, ast.unaryop, ast.expr_context))})
_HANDLERS: dict[type, Callable[[Collector, Any, Scope], None]] = {
    getattr(ast, name[len("visit_"):]): method for name, method in vars(Collector).items()
    if name.startswith("visit_") and hasattr(ast, name[len("visit_"):])}


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id in {"staticmethod", "classmethod"}
               for d in node.decorator_list)


def _configurable_key(base: ast.expr, scope: Scope) -> str | None:
    """The name under which a configured object is remembered: `s` or `self.session`."""
    if isinstance(base, ast.Name):
        return base.id
    if (isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name)
            and base.value.id == scope.self_name):
        return f"self.{base.attr}"
    return None


Builder = Callable[["Args"], Value]
Checker = Callable[["Args", "Instance | None", "Context"], Iterator[Hit]]


@dataclass(frozen=True)
class Context:
    """What a library check needs from the file beyond the call itself."""

    maximum: float
    default_timeout_set: bool  # socket.setdefaulttimeout() is called in this file


class Args:
    """A call's arguments, evaluated on demand; literal `**{...}` keys count as keywords."""

    def __init__(self, call: ast.Call, evaluate: Callable[[ast.expr], Value]) -> None:
        self.call = call
        self._evaluate = evaluate
        self.positional: list[ast.expr] = []
        self.star = False
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                self.star = True
                break
            self.positional.append(arg)
        self.keywords: dict[str, ast.expr | Value] = {}
        self.unknown_kwargs = False
        for keyword in call.keywords:
            if keyword.arg is not None:
                self.keywords[keyword.arg] = keyword.value
                continue
            expanded = evaluate(keyword.value)
            if isinstance(expanded, Mapping):
                self.keywords.update(expanded.items)
            else:
                self.unknown_kwargs = True

    def get(self, name: str, position: int | None = None) -> Value | None:
        """The argument's value, UNKNOWN when it may be hidden in *args/**kwargs, None if absent."""
        if name in self.keywords:
            return self._value(self.keywords[name])
        if position is not None:
            if position < len(self.positional):
                return self._evaluate(self.positional[position])
            if self.star:
                return UNKNOWN
        if self.unknown_kwargs:
            return UNKNOWN
        return None

    def find(self, names: set[str]) -> Value | None:
        """Like get() for keyword-only options matched case-insensitively (pymongo's style)."""
        for key, raw in self.keywords.items():
            if key.lower() in names:
                return self._value(raw)
        return UNKNOWN if self.unknown_kwargs else None

    def has(self, name: str) -> bool:
        return name in self.keywords

    def _value(self, raw: ast.expr | Value) -> Value:
        return self._evaluate(raw) if isinstance(raw, ast.expr) else raw


class Analyzer:
    """Evaluates names and calls of one module against the library tables."""

    def __init__(self, tree: ast.Module, maximum: float) -> None:
        from checker.lint import pylibs

        self.builders: dict[str, Builder] = pylibs.BUILDERS
        self.functions: dict[str, Checker] = pylibs.FUNCTIONS
        self.methods: dict[tuple[str, str], Checker] = pylibs.METHODS
        self.canonical = pylibs.canonical
        self.collector = Collector()
        self.collector.collect(tree)
        self._memo: dict[tuple[int, str], Value] = {}
        self._attr_memo: dict[tuple[int, str], Value] = {}
        self._busy: set[tuple[int, str]] = set()
        self.context = Context(maximum, self._sets_default_timeout())

    def _sets_default_timeout(self) -> bool:
        return any(self._resolve_ref(call.func, scope) == "socket.setdefaulttimeout"
                   for call, scope in self.collector.calls)

    def hits(self) -> Iterator[Hit]:
        for call, scope in self.collector.calls:
            yield from self._check(call, scope)

    def _check(self, call: ast.Call, scope: Scope) -> Iterator[Hit]:
        func = call.func
        name = self._resolve_ref(func, scope)
        if name is not None:
            checker = self.functions.get(name)
            if checker is not None:
                yield from checker(self._args(call, scope), None, self.context)
            return
        if isinstance(func, ast.Attribute):
            base = self.evaluate(func.value, scope)
            if isinstance(base, Instance):
                checker = self.methods.get((base.cls, func.attr))
                if checker is not None and not self._configured(func.value, scope):
                    yield from checker(self._args(call, scope), base, self.context)

    def _configured(self, base: ast.expr, scope: Scope) -> bool:
        key = _configurable_key(base, scope)
        return key is not None and key in self.collector.configured

    def _args(self, call: ast.Call, scope: Scope) -> Args:
        return Args(call, lambda expr: self.evaluate(expr, scope))

    def _resolve_ref(self, expr: ast.expr, scope: Scope) -> str | None:
        value = self.evaluate(expr, scope)
        return self.canonical(value.name) if isinstance(value, Ref) else None

    def evaluate(self, expr: ast.expr, scope: Scope) -> Value:
        if isinstance(expr, ast.Constant):
            value = expr.value
            if value is None:
                return NONE
            if isinstance(value, bool):
                return UNKNOWN
            if isinstance(value, (int, float)):
                return Num(float(value))
            if isinstance(value, str):
                return Str(value)
            return UNKNOWN
        if isinstance(expr, ast.Name):
            return self.lookup(expr.id, scope)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, scope)
        if isinstance(expr, ast.Call):
            name = self._resolve_ref(expr.func, scope)
            builder = self.builders.get(name) if name else None
            return builder(self._args(expr, scope)) if builder else UNKNOWN
        if isinstance(expr, (ast.Tuple, ast.List)):
            if any(isinstance(e, ast.Starred) for e in expr.elts):
                return UNKNOWN
            return Seq(tuple(self.evaluate(e, scope) for e in expr.elts))
        if isinstance(expr, ast.Dict):
            return self._mapping(expr, scope)
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
            inner = self.evaluate(expr.operand, scope)
            return Num(-inner.value) if isinstance(inner, Num) else UNKNOWN
        if isinstance(expr, ast.BinOp) and type(expr.op) in _ARITHMETIC:
            left, right = self.evaluate(expr.left, scope), self.evaluate(expr.right, scope)
            if isinstance(left, Num) and isinstance(right, Num):
                try:
                    return Num(_ARITHMETIC[type(expr.op)](left.value, right.value))
                except ZeroDivisionError:
                    return UNKNOWN
            return UNKNOWN
        if isinstance(expr, ast.IfExp):
            return _same(self.evaluate(expr.body, scope), self.evaluate(expr.orelse, scope))
        return UNKNOWN

    def _mapping(self, expr: ast.Dict, scope: Scope) -> Value:
        items: list[tuple[str, Value]] = []
        for key, value in zip(expr.keys, expr.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return UNKNOWN
            items.append((key.value, self.evaluate(value, scope)))
        return Mapping(tuple(items))

    def _attribute(self, expr: ast.Attribute, scope: Scope) -> Value:
        base = expr.value
        if isinstance(base, ast.Name) and base.id == scope.self_name and scope.owner is not None:
            return self._self_attribute(expr.attr, scope.owner)
        value = self.evaluate(base, scope)
        if isinstance(value, Ref):
            return Ref(f"{value.name}.{expr.attr}")
        return UNKNOWN

    def _self_attribute(self, attr: str, owner: ClassInfo) -> Value:
        key = (id(owner), attr)
        if key in self._attr_memo:
            return self._attr_memo[key]
        if key in self._busy:
            return UNKNOWN
        self._busy.add(key)
        sources = [*owner.attributes.get(attr, ()), *owner.scope.bindings.get(attr, ())]
        result = self._merge(sources) if sources else UNKNOWN
        self._busy.discard(key)
        self._attr_memo[key] = result
        return result

    def lookup(self, name: str, scope: Scope) -> Value:
        current: Scope | None = scope
        while current is not None:
            if name in current.declared_global:
                current = self.collector.module
                continue
            if name in current.bindings:
                return self._binding(name, current)
            current = current.parent
            # A function body does not see the names of the class it is defined in.
            while current is not None and current.is_class and current is not scope:
                current = current.parent
        return UNKNOWN

    def _binding(self, name: str, scope: Scope) -> Value:
        key = (id(scope), name)
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return UNKNOWN
        self._busy.add(key)
        result = self._merge(scope.bindings[name])
        self._busy.discard(key)
        self._memo[key] = result
        return result

    def _merge(self, sources: list[tuple[Source, Scope]]) -> Value:
        values: list[Value] = []
        for source, where in sources:
            if isinstance(source, str):
                values.append(Ref(source))
            elif isinstance(source, ast.expr):
                values.append(self.evaluate(source, where))
            elif isinstance(source, WithSource):
                entered = self.evaluate(source.expr, where)
                values.append(entered if isinstance(entered, Instance) else UNKNOWN)
            else:
                return UNKNOWN
        # `requests = None` beside `import requests` (an optional import, a closed client): a
        # call through None raises before connecting, so only the module or client is callable.
        callable_values = [v for v in values if v != NONE]
        if callable_values and len(callable_values) < len(values) and all(
                isinstance(v, (Ref, Instance)) for v in callable_values):
            values = callable_values
        result = values[0]
        for value in values[1:]:
            result = _same(result, value)
        return result


def _same(a: Value, b: Value) -> Value:
    return a if a == b else UNKNOWN


def analyze(tree: ast.Module, maximum: float) -> list[Hit]:
    return list(Analyzer(tree, maximum).hits())

