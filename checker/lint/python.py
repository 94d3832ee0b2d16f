"""Python analyzer on the standard `ast`: resolve names to clients, then ask the library table.

A value is known only when it is provable: that is the price of "never guess".
"""

from __future__ import annotations

import ast
import operator
from collections import abc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.lint.model import CallHit
from checker.lint.pyscope import (
    CONFIGURING_ATTRIBUTES,
    BoundTo,
    ClassInfo,
    Collector,
    Configuring,
    ItemWrite,
    Scope,
    WithSource,
)
from checker.lint.values import (
    NONE,
    UNKNOWN,
    Instance,
    Mapping,
    Num,
    Ref,
    Seq,
    Str,
    Value,
    to_float,
)

if TYPE_CHECKING:
    from checker.client import Client

_ARITHMETIC: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
}


Builder = Callable[["Args"], Value]
Checker = Callable[["Args", "Instance | None", "Context"], Iterator[CallHit]]


@dataclass(frozen=True)
class PythonChecks:
    """One library's share of the tables, declared in its checker/clients/ module.

    `builders` turn a constructor call into a value (a client instance or a timeout object),
    `functions` and `methods` ((instance class, method) pairs) check a call; `aliases` are old or
    internal spellings rewritten before lookup (`redis.client.` -> `redis.`).
    """

    builders: abc.Mapping[str, Builder] = field(default_factory=dict)
    functions: abc.Mapping[str, Checker] = field(default_factory=dict)
    methods: abc.Mapping[tuple[str, str], Checker] = field(default_factory=dict)
    aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PythonTables:
    """Every Python library's checks merged (checker.clients.python_tables builds it once)."""

    builders: abc.Mapping[str, Builder]
    functions: abc.Mapping[str, Checker]
    methods: abc.Mapping[tuple[str, str], Checker]
    aliases: tuple[tuple[str, str], ...]  # longest prefix first
    module_roots: frozenset[str]  # top-level modules of the clients (a mock.patch target's root)
    libraries: abc.Mapping[str, Client]  # by the id findings carry
    _canonical: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def merge(cls, clients: Sequence[Client], checks: Sequence[PythonChecks]) -> PythonTables:
        return cls(
            {k: v for c in checks for k, v in c.builders.items()},
            {k: v for c in checks for k, v in c.functions.items()},
            {k: v for c in checks for k, v in c.methods.items()},
            tuple(sorted((a for c in checks for a in c.aliases), key=lambda a: -len(a[0]))),
            frozenset(root.split(".")[0] for client in clients for root in client.roots),
            {client.name: client for client in clients},
        )

    def canonical(self, name: str) -> str:
        """`name` with its alias prefix rewritten (memoized: names repeat across a file)."""
        found = self._canonical.get(name)
        if found is None:
            found = name
            for prefix, replacement in self.aliases:
                if name.startswith(prefix):
                    found = replacement + name[len(prefix) :]
                    break
            if len(self._canonical) < 4096:
                self._canonical[name] = found
        return found


@dataclass(frozen=True)
class Context:
    """What a library check needs from the file beyond the call itself."""

    maximum: float
    libraries: abc.Mapping[str, Client]  # the clients findings name, by id
    default_timeout_set: bool  # socket.setdefaulttimeout() is called in this file
    # The method calls made on the client a constructor call built: (method, its arguments).
    uses: Callable[[ast.Call], list[tuple[str, Args]]]
    # Whether the client a call builds is wrapped in botocore.stub.Stubber (it never connects).
    stubbed: Callable[[ast.Call], bool]
    # Whether the client a call builds is bound to a local name that is never used to connect:
    # only its attributes are read or it is closed (lazy clients connect on first use only).
    unused: Callable[[ast.Call], bool]


# Test doubles are recognised by the name of what wraps the client, one string test per call:
# `botocore.stub.Stubber(client)` or a subclass named `...Stubber` (as in AWS's own examples),
# and `betamax.Betamax(session)` or a helper named like it (`get_betamax(session)`), which
# mounts an adapter answering from a cassette.
# requests' own adapter sets no timeout: mounting it (for retries, pool sizes) changes nothing.
BARE_ADAPTERS = frozenset({"requests.adapters.HTTPAdapter"})


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

    def __init__(self, tree: ast.Module, maximum: float, tables: PythonTables) -> None:
        self.builders = tables.builders
        self.functions = tables.functions
        self.methods = tables.methods
        self.canonical = tables.canonical
        self.collector = Collector(tables.module_roots)
        self.collector.collect(tree)
        self._memo: dict[tuple[int, str], Value] = {}
        self._attr_memo: dict[tuple[int, str], Value] = {}
        self._busy: set[tuple[int, str]] = set()
        self._uses: dict[int, list[tuple[str, Args]]] | None = None
        self._stubbed: set[tuple[int, str] | int] | None = None
        self.context = Context(
            maximum,
            tables.libraries,
            self._sets_default_timeout(),
            self._uses_of,
            self._is_stubbed,
            self._is_unused,
        )
        self._replayed()

    def _sets_default_timeout(self) -> bool:
        return any(
            self._resolve_ref(call.func, scope) == "socket.setdefaulttimeout"
            for call, scope in self.collector.calls
        )

    def hits(self) -> Iterator[CallHit]:
        for call, scope in self.collector.calls:
            if id(call) not in self.collector.unchecked:
                yield from self._check(call, scope)

    def _check(self, call: ast.Call, scope: Scope) -> Iterator[CallHit]:
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
                if checker is not None and not self._configured(func.value, scope, base.cls, func.attr):
                    yield from checker(self._args(call, scope), base, self.context)

    # --- what happened to a client elsewhere in its scope --------------------------------------

    def identity(self, expr: ast.expr, scope: Scope) -> tuple[int, str] | None:
        """The variable `expr` names, as (scope it is bound in, name): `s` or `self.session`."""
        if isinstance(expr, ast.Name):
            found = self._binding_scope(expr.id, scope)
            return None if found is None else (id(found), expr.id)
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == scope.self_name
            and scope.owner is not None
        ):
            return id(scope.owner), f"self.{expr.attr}"
        return None

    def _configured(self, base: ast.expr, scope: Scope, cls: str, method: str) -> bool:
        """Whether this very client got a setting we cannot see that bears on `method`."""
        key = self.identity(base, scope)
        if key is None:
            return False
        for entry in self.collector.configured:
            if self.identity(entry.base, entry.scope) != key:
                continue
            if entry.attr == method:  # `client.create = partial(client.create, ...)`
                return True
            if entry.attr == "__replayed__":
                return True
            if cls == "requests.Session":
                if entry.call is not None and entry.attr == "mount":
                    if self._adapter_may_set_timeout(entry.call, entry.scope):
                        return True
                elif entry.call is None and entry.attr in CONFIGURING_ATTRIBUTES:
                    return True
            elif cls == "botocore.session.Session" and entry.attr == "set_default_client_config":
                return True
        return False

    def _replayed(self) -> None:
        """`Betamax(session)`: that session is configured as if it had mounted an adapter."""
        for call, scope in self.collector.calls:
            if call.args and "betamax" in _last_name(call.func).lower():
                self.collector.configured.append(Configuring(call.args[0], "__replayed__", scope, call))

    def _adapter_may_set_timeout(self, mount: ast.Call, scope: Scope) -> bool:
        """`s.mount(prefix, adapter)` counts unless the adapter provably sets no timeout."""
        adapter = (
            mount.args[1]
            if len(mount.args) > 1
            else next((k.value for k in mount.keywords if k.arg == "adapter"), None)
        )
        return adapter is None or self._may_set_timeout(adapter, scope, 0)

    def _may_set_timeout(self, expr: ast.expr, scope: Scope, depth: int) -> bool:
        if depth > 8:
            return True
        if isinstance(expr, ast.Name):
            source = self._single_source(expr.id, scope)
            if source is not None and isinstance(source[0], ast.expr):
                return self._may_set_timeout(source[0], source[1], depth + 1)
            return True
        if isinstance(expr, ast.Call):
            if self._resolve_ref(expr.func, scope) in BARE_ADAPTERS:
                return False
            local = self._local_class(expr.func, scope)
            if local is not None:
                return self._class_may_set_timeout(*local, depth + 1)
        return True

    def _class_may_set_timeout(self, node: ast.ClassDef, scope: Scope, depth: int) -> bool:
        """A class of this file sets a timeout only by overriding `send` (itself or a base)."""
        if depth > 8 or any(
            isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "send"
            for item in node.body
        ):
            return True
        for base in node.bases:
            if self._resolve_ref(base, scope) in BARE_ADAPTERS:
                continue
            local = self._local_class(base, scope)
            if local is None or self._class_may_set_timeout(*local, depth + 1):
                return True
        return False

    def _local_class(self, expr: ast.expr, scope: Scope) -> tuple[ast.ClassDef, Scope] | None:
        if not isinstance(expr, ast.Name):
            return None
        source = self._single_source(expr.id, scope)
        if source is not None and isinstance(source[0], ast.ClassDef):
            return source[0], source[1]
        return None

    def _single_source(self, name: str, scope: Scope) -> tuple[BoundTo, Scope] | None:
        found = self._binding_scope(name, scope)
        if found is None or len(found.bindings[name]) != 1:
            return None
        return found.bindings[name][0]

    def _uses_of(self, origin: ast.Call) -> list[tuple[str, Args]]:
        if self._uses is None:
            self._uses = {}
            for call, scope in self.collector.calls:
                if isinstance(call.func, ast.Attribute):
                    base = self.evaluate(call.func.value, scope)
                    if isinstance(base, Instance) and base.origin:
                        self._uses.setdefault(base.origin, []).append(
                            (call.func.attr, self._args(call, scope))
                        )
        return self._uses.get(id(origin), [])

    def _is_stubbed(self, call: ast.Call) -> bool:
        if self._stubbed is None:
            self._stubbed = set()
            for stub, scope in self.collector.calls:
                if not stub.args or not self._is_stubber(stub.func, scope):
                    continue
                wrapped = stub.args[0]
                # `Stubber(s3.meta.client)`: a resource's client.
                if (
                    isinstance(wrapped, ast.Attribute)
                    and wrapped.attr == "client"
                    and isinstance(wrapped.value, ast.Attribute)
                    and wrapped.value.attr == "meta"
                ):
                    wrapped = wrapped.value.value
                if isinstance(wrapped, ast.Call):
                    self._stubbed.add(id(wrapped))
                key = self.identity(wrapped, scope)
                if key is not None:
                    self._stubbed.add(key)
        if id(call) in self._stubbed:
            return True
        target = self.collector.assigned.get(id(call))
        return target is not None and self.identity(*target) in self._stubbed

    def _is_unused(self, call: ast.Call) -> bool:
        entered = self.collector.entered.get(id(call))
        if entered is not None:  # `with Client() as c:` closes it on leaving: the block decides
            name, statements = entered[0].id, entered[2]
        else:
            target = self.collector.assigned.get(id(call))
            if target is None or not isinstance(target[0], ast.Name):
                return False
            name, scope = target[0].id, target[1]
            if scope.body is None or len(scope.bindings.get(name, ())) != 1 or name in scope.declared_global:
                return False
            statements = list(scope.body)
        loads: list[ast.Name] = []
        parents: dict[int, ast.AST] = {}
        for statement in statements:
            for node in ast.walk(statement):
                for child in ast.iter_child_nodes(node):
                    parents[id(child)] = node
                if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
                    loads.append(node)
        return all(_only_inspected(load, parents) for load in loads)

    def _is_stubber(self, func: ast.expr, scope: Scope) -> bool:
        return _last_name(func).endswith("Stubber")  # botocore.stub.Stubber, or a subclass

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
                return Num(to_float(value))
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
        found = self._binding_scope(name, scope)
        return UNKNOWN if found is None else self._binding(name, found)

    def _binding_scope(self, name: str, scope: Scope) -> Scope | None:
        current: Scope | None = scope
        while current is not None:
            if name in current.declared_global:
                current = self.collector.module
                continue
            if name in current.bindings:
                return current
            current = current.parent
            # A function body does not see the names of the class it is defined in.
            while current is not None and current.is_class and current is not scope:
                current = current.parent
        return None

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

    def _merge(self, sources: list[tuple[BoundTo, Scope]]) -> Value:
        values: list[Value] = []
        for source, where in sources:
            if isinstance(source, ItemWrite):
                # `kwargs["config"] = Config(...)` after `kwargs = {...}`: the dict, updated.
                if not values or not isinstance(values[-1], Mapping):
                    return UNKNOWN
                items = dict(values[-1].items)
                items[source.key] = self.evaluate(source.value, where)
                values[-1] = Mapping(tuple(items.items()))
            elif isinstance(source, str):
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
        if (
            callable_values
            and len(callable_values) < len(values)
            and all(isinstance(v, (Ref, Instance)) for v in callable_values)
        ):
            values = callable_values
        result = values[0]
        for value in values[1:]:
            result = _same(result, value)
        return result


# Methods that never open a connection: closing, and reading the client's own settings.
_NOT_CONNECTING = frozenset(
    {"close", "aclose", "get_connection_kwargs", "get_encoder", "get_retry", "set_retry"}
)


def _only_inspected(load: ast.Name, parents: dict[int, ast.AST]) -> bool:
    """`client.timeout`, `client.connection_pool.connection_kwargs`, `client.close()`: a use
    that does not connect. Anything else (a call, a request, passing it on) may connect."""
    parent = parents.get(id(load))
    if not isinstance(parent, ast.Attribute):
        return False
    outer = parents.get(id(parent))
    if isinstance(outer, ast.Call) and outer.func is parent:
        return parent.attr in _NOT_CONNECTING
    node: ast.AST = parent
    while isinstance(outer, ast.Attribute):  # a chain: nothing on it may be called
        node, outer = outer, parents.get(id(outer))
    return not (isinstance(outer, ast.Call) and outer.func is node)


def _last_name(func: ast.expr) -> str:
    """`get_betamax` for `get_betamax(...)` and `helpers.get_betamax(...)`."""
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _same(a: Value, b: Value) -> Value:
    return a if a == b else UNKNOWN


def analyze(tree: ast.Module, maximum: float, tables: PythonTables) -> list[CallHit]:
    """The hits of one module; `tables` come from the registry (checker.clients.python_tables)."""
    return list(Analyzer(tree, maximum, tables).hits())
