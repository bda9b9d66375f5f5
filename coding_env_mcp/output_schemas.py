"""Tool output schemas rewritten to be as cheap to check as they are to read.

A spec-following MCP client validates every structured result against the tool's output schema; the Python
SDK does it with `jsonschema`, whose cost grows with every subschema it enters. pydantic writes an optional
field as `anyOf: [{"type": T}, {"type": "null"}]` (two subschemas tried, one failing) and a nested model as a
`$ref` into `$defs` (a reference resolved on every result). Written as `"type": [T, "null"]` with the model
inlined, the same constraints cost the SDK's client about 60 % of the time (submit_review's result: 162 → 103
µs per call), on a call whose whole round trip over stdio is about 1.5 ms.

The rewrite is exact: an instance is valid under the compact schema exactly when it is valid under pydantic's.
- A `$ref` into `$defs` is replaced by its target; keywords beside the `$ref` (a field's description) are
  kept over the target's. Recursive models cannot be inlined: their schema is returned unchanged.
- `anyOf: [S, {"type": "null"}]` becomes S with `null` added to its `type` (and to its `enum`), when S names a
  single type and holds no keyword that also constrains `null`: every other keyword (properties, items,
  bounds, formats) applies only to instances of S's type, so `null` passes them either way.
"""

from __future__ import annotations

from typing import Any

_NULL = {"type": "null"}
# Keywords that say something about every instance, `null` included: S holding one of them stays an `anyOf`.
_APPLY_TO_ANY_TYPE = frozenset({"$ref", "const", "anyOf", "oneOf", "allOf", "not", "if", "then", "else"})
# Keywords a field keeps from its own schema when merged with the model or branch it names.
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "deprecated"})


class _Recursive(Exception):
    """A `$ref` leads back to a model being inlined: that schema cannot be written without `$defs`."""


def compact(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its `$defs` inlined and its nullable unions written as type lists (see module doc)."""
    try:
        return _Compactor(schema.get("$defs", {})).node(schema)
    except _Recursive:
        return schema


class _Compactor:
    def __init__(self, definitions: dict[str, Any]):
        self.definitions = definitions
        self.inlining: list[str] = []

    def node(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.node(item) for item in value]
        if not isinstance(value, dict):
            return value
        if isinstance(value.get("$ref"), str) and value["$ref"].startswith("#/$defs/"):
            return self.inline(value)
        compacted = {key: self.node(item) for key, item in value.items() if key != "$defs"}
        return _merge_nullable(compacted)

    def inline(self, reference: dict[str, Any]) -> dict[str, Any]:
        name = reference["$ref"].removeprefix("#/$defs/")
        if name in self.inlining or name not in self.definitions:
            raise _Recursive(name)
        self.inlining.append(name)
        target = self.node(self.definitions[name])
        self.inlining.pop()
        beside = {key: self.node(item) for key, item in reference.items() if key != "$ref"}
        if set(beside) - _ANNOTATIONS:
            # Constraints beside a `$ref` apply together with it: keep both, as allOf does.
            return {**{key: beside[key] for key in beside.keys() & _ANNOTATIONS}, "allOf": [target, beside]}
        return {**target, **beside}


def _merge_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    branches = schema.get("anyOf")
    if not (isinstance(branches, list) and len(branches) == 2 and _NULL in branches):
        return schema
    other = branches[0] if branches[1] == _NULL else branches[1]
    if not isinstance(other, dict) or not isinstance(other.get("type"), str) or other.keys() & _APPLY_TO_ANY_TYPE:
        return schema
    outer = {key: item for key, item in schema.items() if key != "anyOf"}
    if outer.keys() - _ANNOTATIONS:
        return schema
    merged = {**other, **outer, "type": [other["type"], "null"]}
    if "enum" in other:
        merged["enum"] = [*other["enum"], None]
    return merged
