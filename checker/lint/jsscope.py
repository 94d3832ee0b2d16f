"""JavaScript/TypeScript bindings, collected in one walk over the tree-sitter tree.

A name is known only when every binding of it in the file gives the same value (parameters,
catch variables and loop variables bind it to something unknown). Scopes are not tracked: a
name reused for two different things is simply not known, which costs recall, never precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Node = Any  # tree_sitter.Node; typed loosely so the module imports without the wheels in mypy
WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
        "await_expression",
    }
)
# Writes that may hand a client a timeout or transport we cannot see.
_CONFIGURING_STORE = re.compile(
    r"\.defaults(?:\.(?=\w*$)(?:\w*[Tt]imeout\w*|signal|adapter|httpAgent|httpsAgent))?$|\.config\b"
    r"|httpOptions"
)
_PATTERN_OWNERS = frozenset({"formal_parameters", "catch_clause", "for_in_statement"})


def text(node: Node) -> str:
    return bytes(node.text).decode("utf-8", errors="replace")


def module_name(specifier: str) -> str:
    return specifier[5:] if specifier.startswith("node:") else specifier


@dataclass
class Collector:
    bindings: dict[str, list[tuple[str, Node | str | None]]] = field(default_factory=dict)
    calls: list[Node] = field(default_factory=list)
    configured: set[str] = field(default_factory=set)  # names whose defaults/interceptors change
    # Keys written into an object after its literal (`config.agent = ...`; None: any key, as
    # with `Object.assign(config, ...)` or a computed key): their literal values are not known.
    mutated: dict[str, set[str | None]] = field(default_factory=dict)

    def bind(self, name: str, kind: str, source: Node | str | None) -> None:
        self.bindings.setdefault(name, []).append((kind, source))

    def walk(self, root: Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            kind = node.type
            if kind == "import_statement":
                self._import(node)
                continue
            if kind == "variable_declarator":
                self._declarator(node)
            elif kind == "assignment_expression":
                self._assignment(node)
            elif kind in _PATTERN_OWNERS:
                self._unknown_names(
                    node.child_by_field_name("parameter")
                    if kind == "catch_clause"
                    else node.child_by_field_name("left")
                    if kind == "for_in_statement"
                    else node
                )
                if kind == "formal_parameters":
                    self._parameter_properties(node)
            elif kind in {"field_definition", "public_field_definition"}:
                name = node.child_by_field_name("property") or node.child_by_field_name("name")
                value = node.child_by_field_name("value")
                if name is not None:
                    self.bind(f"this.{text(name)}", "value" if value is not None else "unknown", value)
            elif kind in {
                "function_declaration",
                "generator_function_declaration",
                "class_declaration",
                "function_expression",
                "class",
            }:
                name = node.child_by_field_name("name")
                if name is not None:
                    self.bind(text(name), "unknown", None)
            elif kind == "arrow_function":
                parameter = node.child_by_field_name("parameter")
                if parameter is not None:
                    self.bind(text(parameter), "unknown", None)
            elif kind in {"call_expression", "new_expression"}:
                self.calls.append(node)
                self._configuring_call(node)
            stack.extend(reversed(node.children))

    def _parameter_properties(self, parameters: Node) -> None:
        """TypeScript `constructor(private http: Http)` also binds `this.http`."""
        for parameter in parameters.named_children:
            if any(c.type == "accessibility_modifier" or text(c) == "readonly" for c in parameter.children):
                pattern = parameter.child_by_field_name("pattern")
                if pattern is not None and pattern.type == "identifier":
                    self.bind(f"this.{text(pattern)}", "unknown", None)

    def _unknown_names(self, node: Node | None) -> None:
        if node is None:
            return
        stack = [node]
        while stack:
            current = stack.pop()
            if current.type in {"identifier", "shorthand_property_identifier_pattern"}:
                self.bind(text(current), "unknown", None)
            stack.extend(current.children)

    def _import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        module = module_name(string_value(source) or "")
        for clause in node.children:
            if clause.type != "import_clause":
                continue
            for part in clause.children:
                if part.type == "identifier":
                    self.bind(text(part), "ref", module)
                elif part.type == "namespace_import":
                    for name in part.children:
                        if name.type == "identifier":
                            self.bind(text(name), "ref", module)
                elif part.type == "named_imports":
                    for spec in part.children:
                        if spec.type != "import_specifier":
                            continue
                        imported = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or imported
                        if imported is not None and alias is not None:
                            self.bind(text(alias), "ref", f"{module}.{text(imported)}")

    def _declarator(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None:
            return
        if name.type == "identifier":
            self.bind(text(name), "value" if value is not None else "unknown", value)
        elif name.type == "object_pattern" and value is not None:
            self._destructure(name, value)
        else:
            self._unknown_names(name)

    def _destructure(self, pattern: Node, value: Node) -> None:
        for part in pattern.children:
            if part.type == "shorthand_property_identifier_pattern":
                self.bind(text(part), "member", (value, text(part)))
            elif part.type == "pair_pattern":
                key, target = part.child_by_field_name("key"), part.child_by_field_name("value")
                if (
                    key is not None
                    and target is not None
                    and target.type == "identifier"
                    and key.type == "property_identifier"
                ):
                    self.bind(text(target), "member", (value, text(key)))
                else:
                    self._unknown_names(target)
            else:
                self._unknown_names(part)

    def _assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None:
            return
        if left.type == "identifier":
            self.bind(text(left), "value", right)
        elif left.type in {"member_expression", "subscript_expression"}:
            field_name = this_field(left)
            if field_name is not None:
                self.bind(field_name, "value", right)
            base = root_name(left)
            if base is not None and _CONFIGURING_STORE.search(text(left)):
                self.configured.add(base)
            self._mutation(left)
        else:
            self._unknown_names(left)

    def _mutation(self, left: Node) -> None:
        """Record the first key of `name.key... = value` or `name["key"] = value`."""
        key: str | None = None
        node = left
        while node.type in {"member_expression", "subscript_expression"}:
            inner = node.child_by_field_name("object")
            if inner is None:
                return
            if node.type == "member_expression":
                prop = node.child_by_field_name("property")
                key = text(prop) if prop is not None else None
            else:
                index = node.child_by_field_name("index")
                key = string_value(index) if index is not None else None
            node = unwrap(inner)
        if node.type == "identifier":
            self.mutated.setdefault(text(node), set()).add(key)

    def _configuring_call(self, node: Node) -> None:
        # `api.interceptors.request.use(...)`, `AWS.config.update(...)`
        function = node.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            return
        if text(function) == "Object.assign":
            arguments = node.child_by_field_name("arguments")
            target = arguments.named_children[0] if arguments and arguments.named_children else None
            if target is not None and target.type == "identifier":
                self.mutated.setdefault(text(target), set()).add(None)
            return
        chain = text(function)
        if ".interceptors." in chain or ".config.update" in chain or ".defaults." in chain:
            base = root_name(function)
            if base is not None:
                self.configured.add(base)


def unwrap(node: Node) -> Node:
    """The expression inside parentheses, `await`, `as T`, `x!` (TS parses `await f<T>()` so)."""
    while node.type in WRAPPERS and node.named_children:
        node = node.named_children[0]
    return node


def this_field(node: Node) -> str | None:
    """`this.client` (or `this.#client`) as the key its bindings are kept under."""
    if node.type != "member_expression":
        return None
    base, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
    if base is None or prop is None or base.type != "this":
        return None
    if prop.type not in {"property_identifier", "private_property_identifier"}:
        return None
    return f"this.{text(prop)}"


def root_name(node: Node) -> str | None:
    """The name a member chain starts from: `api` for `api.defaults.timeout`, `this.client`..."""
    while node.type in {"member_expression", "subscript_expression"} | WRAPPERS:
        field_name = this_field(node)
        if field_name is not None:
            return field_name
        inner = node.child_by_field_name("object")
        if inner is None:
            inner = node.named_children[0] if node.named_children else None
        if inner is None:
            return None
        node = inner
    return text(node) if node.type in {"identifier", "this"} else None


def string_value(node: Node) -> str | None:
    if node.type == "string":
        return "".join(text(c) for c in node.named_children if c.type == "string_fragment")
    if node.type == "template_string":
        if any(c.type == "template_substitution" for c in node.named_children):
            return None
        return "".join(text(c) for c in node.named_children if c.type == "string_fragment")
    return None
