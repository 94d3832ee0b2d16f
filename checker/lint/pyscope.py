"""Python scopes and bindings, collected in one walk: what each name may be bound to, and where.

Names are resolved per scope without following control flow: a name bound several times in one
scope is known only when every binding gives the same value.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Methods and attribute writes that may give a client a timeout we cannot see (a mounted
# adapter, a wrapped `request`). Which of them count for which client is decided in python.py.
CONFIGURING_METHODS = frozenset({"mount", "set_default_client_config"})
# Attributes whose replacement can change how a requests Session sends (not `headers`, `verify`,
# `auth`; and not `timeout`, which requests ignores on a Session).
CONFIGURING_ATTRIBUTES = frozenset(
    {
        "request",
        "send",
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "adapters",
        "get_adapter",
        "merge_environment_settings",
    }
)
# Methods that change a dict in place in ways not followed: the dict is unknown afterwards.
MUTATING_METHODS = frozenset(
    {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"}
)


@dataclass(frozen=True)
class WithSource:
    """`with EXPR as name`: the name is EXPR itself for clients (their __enter__ returns self)."""

    expr: ast.expr


@dataclass(frozen=True)
class ItemWrite:
    """`name["key"] = value` after `name` was bound in the same scope: the dict, updated in order."""

    key: str
    value: ast.expr


BoundTo = ast.AST | str | WithSource | ItemWrite | None  # None: bound to something we do not know


@dataclass(frozen=True)
class Configuring:
    """`base.attr(...)` (a configuring method) or `base.attr = ...` seen in `scope`."""

    base: ast.expr
    attr: str
    scope: Scope
    call: ast.Call | None


@dataclass(eq=False)
class Scope:
    parent: Scope | None
    is_class: bool = False
    self_name: str | None = None  # first parameter of a method
    owner: ClassInfo | None = None  # the class a method belongs to
    bindings: dict[str, list[tuple[BoundTo, Scope]]] = field(default_factory=dict)
    declared_global: set[str] = field(default_factory=set)
    body: list[ast.stmt] | None = None  # a function's statements (None: module, class, lambda)

    def bind(self, name: str, source: BoundTo) -> None:
        self.bindings.setdefault(name, []).append((source, self))


@dataclass(eq=False)
class ClassInfo:
    scope: Scope
    attributes: dict[str, list[tuple[BoundTo, Scope]]] = field(default_factory=dict)
    # Decorated or derived (dataclass, attrs, pydantic, NamedTuple): annotated class attributes
    # are constructor parameters, so their defaults are not the values instances hold.
    fields_are_parameters: bool = False


class Collector:
    """One walk over the tree: scopes, bindings, calls, and names that got configured."""

    def __init__(self, patch_roots: frozenset[str] = frozenset()) -> None:
        self.module = Scope(None)
        self.calls: list[tuple[ast.Call, Scope]] = []
        # Calls that are collected (their values still count) but never reported: inside
        # `if TYPE_CHECKING:` (never runs) or under a mock.patch of a client module (the test
        # replaced part of the client). `patch_roots`: the client modules' top-level names.
        self.unchecked: set[int] = set()
        self._patch_roots = patch_roots
        self.configured: list[Configuring] = []
        self.assigned: dict[int, tuple[ast.expr, Scope]] = {}  # id(value) -> its one target
        # `with value as name:` -> (name, scope, the block): leaving it closes a client.
        self.entered: dict[int, tuple[ast.Name, Scope, list[ast.AST]]] = {}

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
        if len(node.targets) == 1:
            self.assigned[id(node.value)] = (node.targets[0], scope)
        for target in node.targets:
            self._target(target, node.value, scope)

    def visit_AnnAssign(self, node: ast.AnnAssign, scope: Scope) -> None:
        if node.value is not None:
            self.walk(node.value, scope)
            self.assigned[id(node.value)] = (node.target, scope)
            owner = self._classes.get(id(scope)) if scope.is_class else None
            if owner is not None and owner.fields_are_parameters:
                self._target(node.target, None, scope)
            else:
                self._target(node.target, node.value, scope)

    def visit_If(self, node: ast.If, scope: Scope) -> None:
        """`if TYPE_CHECKING:` bodies never run: their calls are not collected (names still are)."""
        self.walk(node.test, scope)
        if _is_type_checking(node.test):
            self._unchecked(node.body, scope)
        else:
            self.walk_all(node.body, scope)
        self.walk_all(node.orelse, scope)

    def _unchecked(self, body: Sequence[ast.AST], scope: Scope) -> None:
        first = len(self.calls)
        self.walk_all(body, scope)
        self.unchecked.update(id(call) for call, _ in self.calls[first:])

    def _patches_a_client(self, expr: ast.expr) -> bool:
        """`mock.patch("aiohttp.client.ClientSession.request")`, `patch.object(requests, ...)`."""
        if not (isinstance(expr, ast.Call) and expr.args):
            return False
        func = expr.func
        name = (
            func.attr if isinstance(func, ast.Attribute) else (func.id if isinstance(func, ast.Name) else "")
        )
        if name == "object" or name == "multiple":
            owner = func.value if isinstance(func, ast.Attribute) else None
            name = (
                "patch"
                if (isinstance(owner, ast.Attribute) and owner.attr == "patch")
                or (isinstance(owner, ast.Name) and owner.id == "patch")
                else ""
            )
        if name != "patch":
            return False
        target = expr.args[0]
        if isinstance(target, ast.Constant) and isinstance(target.value, str):
            return target.value.split(".")[0] in self._patch_roots
        while isinstance(target, ast.Attribute):
            target = target.value
        return isinstance(target, ast.Name) and target.id in self._patch_roots

    def visit_Delete(self, node: ast.Delete, scope: Scope) -> None:
        for target in node.targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                self._mutated(target.value.id, scope)
            self.walk(target, scope)

    def _mutated(self, name: str, scope: Scope, write: ItemWrite | None = None) -> None:
        """A dict changed in place: the write (or unknown) joins the binding it changes."""
        current: Scope | None = scope
        while current is not None:
            if name in current.declared_global:
                current = self.module
                continue
            if name in current.bindings:
                if current is not scope:
                    write = None  # a write from another scope: not in order with its readers
                current.bind(name, write)
                return
            current = current.parent

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
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            key = target.slice
            write = (
                ItemWrite(key.value, value)
                if value is not None and isinstance(key, ast.Constant) and isinstance(key.value, str)
                else None
            )
            self._mutated(target.value.id, scope, write)
            self.walk(target, scope)
        else:
            self.walk(target, scope)

    def _attribute_store(self, target: ast.Attribute, value: ast.expr | None, scope: Scope) -> None:
        base = target.value
        if isinstance(base, ast.Name) and base.id == scope.self_name and scope.owner is not None:
            scope.owner.attributes.setdefault(target.attr, []).append((value, scope))
        if configurable_key(base, scope) is not None:
            self.configured.append(Configuring(base, target.attr, scope, None))
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
                self.entered[id(item.context_expr)] = (item.optional_vars, scope, [node])
            elif item.optional_vars is not None:
                self._target(item.optional_vars, None, scope)
        if any(self._patches_a_client(item.context_expr) for item in node.items):
            self._unchecked(node.body, scope)
        else:
            self.walk_all(node.body, scope)

    visit_AsyncWith = visit_With

    def visit_Call(self, node: ast.Call, scope: Scope) -> None:
        self.calls.append((node, scope))
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in CONFIGURING_METHODS:
            if configurable_key(func.value, scope) is not None:
                self.configured.append(Configuring(func.value, func.attr, scope, node))
        if (
            isinstance(func, ast.Attribute)
            and func.attr in MUTATING_METHODS
            and isinstance(func.value, ast.Name)
        ):
            self._mutated(func.value.id, scope)
        for child in ast.iter_child_nodes(node):
            self.walk(child, scope)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> None:
        self.walk_all(node.decorator_list, scope)
        self.walk(node.args, scope)  # defaults and annotations run in the enclosing scope
        if node.returns is not None:
            self.walk(node.returns, scope)
        scope.bind(node.name, None)
        inner = Scope(scope, body=node.body)
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
        if any(self._patches_a_client(d) for d in node.decorator_list):
            self._unchecked(node.body, inner)
        else:
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
        scope.bind(node.name, node)  # a ClassDef evaluates to unknown; adapters look inside
        inner = Scope(scope, is_class=True)
        self._classes[id(inner)] = ClassInfo(
            inner, fields_are_parameters=bool(node.decorator_list or node.bases or node.keywords)
        )
        if any(self._patches_a_client(d) for d in node.decorator_list):
            self._unchecked(node.body, inner)
        else:
            self.walk_all(node.body, inner)

    _classes: dict[int, ClassInfo]

    def _class_of(self, scope: Scope) -> ClassInfo:
        return self._classes[id(scope)]

    def collect(self, tree: ast.Module) -> None:
        self._classes = {}
        self.walk_all(tree.body, self.module)


# Node types with nothing to collect below them, and the handler of every type that has one.
_LEAVES = frozenset(
    {ast.Constant, ast.Pass, ast.Break, ast.Continue, ast.Load, ast.Store}
    | {
        t
        for t in vars(ast).values()
        if isinstance(t, type)
        and issubclass(t, (ast.operator, ast.cmpop, ast.boolop, ast.unaryop, ast.expr_context))
    }
)
_HANDLERS: dict[type, Callable[[Collector, Any, Scope], None]] = {
    getattr(ast, name[len("visit_") :]): method
    for name, method in vars(Collector).items()
    if name.startswith("visit_") and hasattr(ast, name[len("visit_") :])
}


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(d, ast.Name) and d.id in {"staticmethod", "classmethod"} for d in node.decorator_list
    )


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def configurable_key(base: ast.expr, scope: Scope) -> str | None:
    """The name under which a configured object is remembered: `s` or `self.session`."""
    if isinstance(base, ast.Name):
        return base.id
    if (
        isinstance(base, ast.Attribute)
        and isinstance(base.value, ast.Name)
        and base.value.id == scope.self_name
    ):
        return f"self.{base.attr}"
    return None
