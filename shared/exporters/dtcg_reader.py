"""Reading a DTCG 2025.10 file — ours or any other tool's — into tokens with resolved values.

What the Format Module asks of a reader, and what it is done with here:

* a token is an object with ``$value`` (or a ``$ref``); any other object is a group; ``$``-keys are
  the format's own (``$root`` is a token named so inside its group);
* ``$type`` is the token's own, else the nearest group's, else the type of the token it aliases;
* aliases: ``"{group.token}"`` as a whole ``$value`` or anywhere inside one (a typography's
  ``fontSize``, a shadow's ``color``), and JSON Pointer references — ``{"$ref": "#/group/token"}``
  inside a value, or a token's own ``$ref`` — to a token or to any part of one
  (``#/color/blue/$value/components/0``). Chains are followed; a loop or a dangling reference is an
  error naming the token. Only references inside the document are read (no file or URL is opened);
* ``$extends`` on a group: the group has the other group's tokens and subgroups, its own winning
  (groups merge member by member).

`read_tokens` returns every token with its path, type and resolved value; what a value means (a color,
a dimension …) is `dtcg_values`'. Errors are `InvalidRequest` with code ``invalid_tokens_file``.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from shared.domain.errors import InvalidRequest

ALIAS = re.compile(r"^\{([^{}]+)\}$")
MAX_DEPTH = 64  # alias chains and group nesting; anything deeper is a loop or an attack
MAX_BYTES = 16 * 1024 * 1024


class DtcgError(InvalidRequest):
    code = "invalid_tokens_file"


@dataclass(frozen=True)
class DtcgToken:
    path: tuple[str, ...]
    type: str | None
    value: Any  # aliases resolved
    alias_of: tuple[str, ...] | None = None  # the token a whole-value alias points at (first hop)
    description: str | None = None
    deprecated: bool = False
    extensions: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return ".".join(self.path)


def parse(data: bytes | str) -> dict:
    """The JSON object of a tokens file, or DtcgError."""
    if isinstance(data, bytes) and len(data) > MAX_BYTES:
        raise DtcgError(f"the tokens file is larger than {MAX_BYTES} bytes")
    try:
        doc = json.loads(data)
    except UnicodeDecodeError:
        raise DtcgError("not a DTCG tokens file: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DtcgError(f"not a DTCG tokens file: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(doc, dict):
        raise DtcgError("not a DTCG tokens file: the top level is not an object")
    return doc


def _is_token(node: Any) -> bool:
    return isinstance(node, dict) and ("$value" in node or "$ref" in node)


def _pointer_parts(ref: str) -> list[str]:
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise DtcgError(f"reference {ref!r}: only references inside the file (#/…) are read")
    body = ref[1:]
    if body in ("", "/"):
        return []
    if not body.startswith("/"):
        raise DtcgError(f"reference {ref!r} is not a JSON Pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in body[1:].split("/")]


class _Reader:
    def __init__(self, doc: dict) -> None:
        self.raw = doc
        self.tree = self._expand(doc, (), set())
        self.nodes: dict[tuple[str, ...], tuple[dict, str | None]] = {}  # token path -> (node, group type)
        self._collect(self.tree, (), None, 0)
        self.resolved: dict[tuple[str, ...], tuple[Any, str | None]] = {}

    # --- groups -------------------------------------------------------------------------------
    def _group_at(self, ref: str) -> dict:
        m = ALIAS.match(ref) if isinstance(ref, str) else None
        parts = m.group(1).split(".") if m else _pointer_parts(ref)
        node: Any = self.raw
        for p in parts:
            node = node.get(p) if isinstance(node, dict) else None
        if not isinstance(node, dict) or _is_token(node):
            raise DtcgError(f"$extends {ref!r} does not name a group")
        return node

    def _expand(self, group: dict, path: tuple[str, ...], active: set[int]) -> dict:
        """The group with its $extends merged in (recursively), as a fresh tree."""
        if len(path) > MAX_DEPTH or id(group) in active:
            raise DtcgError(f"$extends loop at {'.'.join(path) or 'the top level'}")
        active = active | {id(group)}
        out: dict = {}
        if "$extends" in group:
            out = self._expand(self._group_at(group["$extends"]), path, active)
            out.pop("$extends", None)
        for key, child in group.items():
            if key == "$extends":
                continue
            if isinstance(child, dict) and not _is_token(child) and not key.startswith("$"):
                mine = self._expand(child, path + (key,), active)
                base = out.get(key)
                out[key] = _merge(base, mine) if isinstance(base, dict) and not _is_token(base) else mine
            else:
                out[key] = copy.deepcopy(child)
        return out

    def _collect(self, group: dict, path: tuple[str, ...], inherited: str | None, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise DtcgError("groups are nested too deeply")
        own = group.get("$type")
        kind = own if isinstance(own, str) else inherited
        for key, child in group.items():
            if key.startswith("$") and key != "$root":
                continue
            if _is_token(child):
                self.nodes[path + (key,)] = (child, kind)
            elif isinstance(child, dict) and key != "$root":
                self._collect(child, path + (key,), kind, depth + 1)

    # --- values -------------------------------------------------------------------------------
    def token(self, path: tuple[str, ...], stack: tuple) -> tuple[Any, str | None]:
        """(resolved value, type) of the token at `path`."""
        if path in self.resolved:
            return self.resolved[path]
        if path in stack or len(stack) > MAX_DEPTH:
            raise DtcgError(f"alias loop at {'.'.join(path)}")
        node, group_type = self.nodes[path]
        stack = stack + (path,)
        own_type = node.get("$type") if isinstance(node.get("$type"), str) else None
        if "$value" in node:
            value, target_type = self.value(node["$value"], stack, path)
        else:
            value, target_type = self.pointer(node["$ref"], stack, path)
        result = (value, own_type or group_type or target_type)
        self.resolved[path] = result
        return result

    def alias_target(self, ref: str, at: tuple[str, ...]) -> tuple[str, ...]:
        target = tuple(ref.split("."))
        if target not in self.nodes:
            raise DtcgError(f"{'.'.join(at)}: alias {{{ref}}} points at no token")
        return target

    def value(self, v: Any, stack: tuple, at: tuple[str, ...]) -> tuple[Any, str | None]:
        """A value with every alias and $ref inside it resolved; the type when it was one whole alias."""
        if isinstance(v, str):
            m = ALIAS.match(v)
            if m:
                return self.token(self.alias_target(m.group(1), at), stack)
            return v, None
        if isinstance(v, dict):
            if set(v) == {"$ref"}:
                return self.pointer(v["$ref"], stack, at)
            return {k: self.value(x, stack, at)[0] for k, x in v.items()}, None
        if isinstance(v, list):
            return [self.value(x, stack, at)[0] for x in v], None
        return v, None

    def pointer(self, ref: Any, stack: tuple, at: tuple[str, ...]) -> tuple[Any, str | None]:
        parts = _pointer_parts(ref)
        node: Any = self.tree
        walked: tuple[str, ...] = ()
        for i, part in enumerate(parts):
            if _is_token(node) and walked in self.nodes:
                value, kind = self.token(walked, stack)
                if part != "$value":
                    raise DtcgError(f"{'.'.join(at)}: reference {ref!r} goes into a token but not its $value")
                return _index(value, parts[i + 1:], ref, at), kind if i + 1 == len(parts) else None
            node = node.get(part) if isinstance(node, dict) else (
                node[int(part)] if isinstance(node, list) and part.isdigit() and int(part) < len(node) else None)
            walked += (part,)
            if node is None:
                raise DtcgError(f"{'.'.join(at)}: reference {ref!r} points at nothing")
        if _is_token(node) and walked in self.nodes:
            return self.token(walked, stack)
        return self.value(node, stack, at)


def _index(value: Any, parts: list[str], ref: str, at: tuple[str, ...]) -> Any:
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise DtcgError(f"{'.'.join(at)}: reference {ref!r} points at nothing")
    return value


def _merge(base: dict, mine: dict) -> dict:
    out = dict(base)
    for key, child in mine.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(child, dict) and not _is_token(old) and not _is_token(child):
            out[key] = _merge(old, child)
        else:
            out[key] = child
    return out


def read_tokens(doc: dict) -> list[DtcgToken]:
    """Every token of a DTCG document, in document order, values resolved. DtcgError when the file
    has no token at all, a reference that cannot be followed, or an $extends loop."""
    reader = _Reader(doc)
    if not reader.nodes:
        raise DtcgError("not a DTCG tokens file: no token has a $value")
    out = []
    for path, (node, _) in reader.nodes.items():
        value, kind = reader.token(path, ())
        alias = None
        raw = node.get("$value")
        if isinstance(raw, str) and ALIAS.match(raw):
            alias = tuple(ALIAS.match(raw).group(1).split("."))
        elif "$ref" in node or (isinstance(raw, dict) and set(raw) == {"$ref"}):
            ref = node.get("$ref") or raw["$ref"]
            parts = tuple(_pointer_parts(ref))
            parts = parts[:-1] if parts[-1:] == ("$value",) else parts
            alias = parts if parts in reader.nodes else None
        description = node.get("$description")
        out.append(DtcgToken(path=path, type=kind, value=value, alias_of=alias,
                             description=description if isinstance(description, str) else None,
                             deprecated=bool(node.get("$deprecated", False)),
                             extensions=node.get("$extensions") if isinstance(node.get("$extensions"), dict) else {}))
    return out
