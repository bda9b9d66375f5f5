"""Tool output schemas rewritten to be as cheap to check as they are to read.

A spec-following MCP client validates every structured result against the tool's output schema; the Python
SDK does it with `jsonschema`, whose cost grows with every subschema it enters. pydantic writes an optional
field as `anyOf: [{"type": T}, {"type": "null"}]` (two subschemas tried, one failing) and a nested model as a
`$ref` into `$defs` (a reference resolved on every result). Written as `"type": [T, "null"]` with the model
inlined, the same constraints cost the SDK's client about 55 % of the time (submit_review's result: 162 → 89
µs per call), on a call whose whole round trip over stdio is about 1.5 ms.

The rewrite is exact: an instance is valid under the compact schema exactly when it is valid under pydantic's.
- A `$ref` into `$defs` is replaced by its target; keywords beside the `$ref` (a field's description) are
  kept over the target's. Recursive models, and discriminator mappings that name definitions, cannot be
  inlined: such a schema is returned unchanged. Only subschemas are rewritten: an `enum`, a `default` or an
  example is data and is copied as it is.
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
# Where subschemas sit; every other keyword's value is data (an enum, a default) and is copied as it is.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"})
_SCHEMA_LISTS = frozenset({"anyOf", "allOf", "oneOf", "prefixItems"})
_SCHEMAS = frozenset(
    {"items", "additionalItems", "additionalProperties", "unevaluatedItems", "unevaluatedProperties"}
    | {"not", "if", "then", "else", "contains", "propertyNames"}
)
_ROOT_DEFINITIONS = "#/$defs/"


class _KeepAsIs(Exception):
    """Something inlining would break: a `$ref` back to a model being inlined or to anything but a definition,
    or a discriminator mapping whose values name definitions."""


def compact(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its `$defs` inlined and its nullable unions written as type lists (see module doc)."""
    definitions = schema.get("$defs", {})
    try:
        return _Compactor(definitions).schema({key: value for key, value in schema.items() if key != "$defs"})
    except _KeepAsIs:
        return schema


class _Compactor:
    def __init__(self, definitions: dict[str, Any]):
        self.definitions = definitions
        self.inlining: list[str] = []

    def schema(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value  # `true` / `false`
        reference = value.get("$ref")
        if isinstance(reference, str) and reference.startswith(_ROOT_DEFINITIONS):
            return self.inline(reference.removeprefix(_ROOT_DEFINITIONS), self.keywords(value, skip="$ref"))
        return _merge_nullable(self.keywords(value))

    def keywords(self, value: dict[str, Any], skip: str = "") -> dict[str, Any]:
        compacted: dict[str, Any] = {}
        for key, item in value.items():
            if key == skip:
                continue
            if key == "discriminator" and isinstance(item, dict) and "mapping" in item:
                raise _KeepAsIs(key)
            if key in _SCHEMA_MAPS and isinstance(item, dict):
                compacted[key] = {name: self.schema(sub) for name, sub in item.items()}
            elif key in _SCHEMA_LISTS or (key == "items" and isinstance(item, list)):
                compacted[key] = [self.schema(sub) for sub in item]
            elif key in _SCHEMAS:
                compacted[key] = self.schema(item)
            else:
                compacted[key] = item
        return compacted

    def inline(self, name: str, beside: dict[str, Any]) -> dict[str, Any]:
        if name in self.inlining or name not in self.definitions:
            raise _KeepAsIs(name)
        self.inlining.append(name)
        target = self.schema(self.definitions[name])
        self.inlining.pop()
        if beside.keys() - _ANNOTATIONS:
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
