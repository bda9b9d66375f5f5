"""The served output schemas: cheap for a client to check, and exactly as strict as pydantic's own.

Equivalence is tested the way a client meets it: real results of every tool, played through an in-memory
`mcp.Client`, and every way of breaking each of them one field at a time, must get the same verdict from
`jsonschema` under the compact schema and under the schema pydantic writes for the tool's model.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from mcp import Client
from pydantic import BaseModel, TypeAdapter

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.models import EpisodeGrade, EpisodeState, Observation, RunResult, StepResult, TaskCatalog
from coding_env_mcp.output_schemas import compact
from coding_env_mcp.server import build_server

from .conftest import perfect_findings

pytestmark = pytest.mark.anyio

MODELS: dict[str, type[BaseModel]] = {
    "list_tasks": TaskCatalog,
    "reset_episode": Observation,
    "get_observation": Observation,
    "get_state": EpisodeState,
    "submit_review": StepResult,
    "get_grade": EpisodeGrade,
    "finish_episode": EpisodeGrade,
    "run_python": RunResult,
}
WRONG_VALUES: tuple[Any, ...] = (None, "text", 7, 0.5, True, [], {}, ["text"], {"unexpected": 1})


def pydantic_schema(model: type[BaseModel]) -> dict[str, Any]:
    return TypeAdapter(model).json_schema()


def mutations(value: Any) -> Iterator[Any]:
    """`value` broken in one place at a time: each field replaced by values of other types, each key dropped."""
    if isinstance(value, dict):
        for key, item in value.items():
            dropped = dict(value)
            del dropped[key]
            yield dropped
            for replacement in (*WRONG_VALUES, *mutations(item)):
                yield {**value, key: replacement}
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            for replacement in (*WRONG_VALUES, *mutations(item)):
                yield [*value[:index], replacement, *value[index + 1 :]]
    elif isinstance(value, str):
        yield value + "-not-in-any-enum"


async def played_results(env: ReviewEnv) -> dict[str, list[dict[str, Any]]]:
    """Structured results of every tool from real play: full and blind feedback, a clean and a buggy PR."""
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in MODELS}

    async def call(tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        result = await client.call_tool(tool, arguments)
        assert not result.is_error, result.content
        results[tool].append(result.structured_content)
        return result.structured_content

    async with Client(build_server(env)) as client:
        await call("list_tasks", {"difficulty": "easy"})
        buggy = next(task for task in map(env.registry.get, env.registry.ids()) if task.issues)
        for feedback in ("full", "blind"):
            episode_id = (await call("reset_episode", {"task_id": buggy.task_id, "feedback": feedback}))["episode_id"]
            await call("get_observation", {"episode_id": episode_id})
            await call("run_python", {"episode_id": episode_id, "code": "print(1)\nraise SystemExit(3)"})
            await call("get_state", {"episode_id": episode_id})
            finding = perfect_findings(buggy)[0]
            await call("submit_review", {"episode_id": episode_id, **finding})
            await call("submit_review", {"episode_id": episode_id, **finding, "line_number": 1})
            if feedback == "full":
                await call("get_grade", {"episode_id": episode_id})
            await call("finish_episode", {"episode_id": episode_id, "verdict": "request_changes"})
            await call("get_grade", {"episode_id": episode_id})
            await call("get_state", {"episode_id": episode_id})
    return results


async def test_every_result_and_every_broken_result_gets_the_same_verdict_under_both_schemas(env: ReviewEnv):
    results = await played_results(env)
    checked = 0
    for tool, instances in results.items():
        original = pydantic_schema(MODELS[tool])
        strict, quick = Draft202012Validator(original), Draft202012Validator(compact(original))
        assert instances, tool
        for instance in instances:
            assert strict.is_valid(instance) and quick.is_valid(instance), tool
            for broken in mutations(instance):
                assert strict.is_valid(broken) == quick.is_valid(broken), (tool, broken)
                checked += 1
    assert checked > 1000


async def test_served_output_schemas_have_no_references_or_nullable_unions_left(env: ReviewEnv):
    async with Client(build_server(env)) as client:
        tools = (await client.list_tools()).tools
    for tool in tools:
        Draft202012Validator.check_schema(tool.output_schema)
        text = str(tool.output_schema)
        assert "$ref" not in text and "$defs" not in text, tool.name
        assert "{'type': 'null'}" not in text, tool.name


class Node(BaseModel):
    label: str
    child: Node | None = None


class Holder(BaseModel):
    when: float | None = None
    kind: str | None = None
    node: Node


def test_a_recursive_model_keeps_its_references():
    schema = pydantic_schema(Holder)
    assert compact(schema) == schema


def test_nullable_unions_become_type_lists_and_enums_gain_null():
    schema = {
        "type": "object",
        "properties": {
            "score": {"anyOf": [{"type": "number"}, {"type": "null"}], "default": None, "description": "d"},
            "verdict": {"anyOf": [{"enum": ["approve", "reject"], "type": "string"}, {"type": "null"}]},
            "fixed": {"anyOf": [{"const": "x"}, {"type": "null"}]},
        },
    }
    properties = compact(schema)["properties"]
    assert properties["score"] == {"type": ["number", "null"], "default": None, "description": "d"}
    assert properties["verdict"] == {"enum": ["approve", "reject", None], "type": ["string", "null"]}
    assert properties["fixed"] == schema["properties"]["fixed"]


def test_a_reference_with_constraints_beside_it_keeps_both():
    schema = {
        "$defs": {"Inner": {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}},
        "type": "object",
        "properties": {"inner": {"$ref": "#/$defs/Inner", "description": "d", "minProperties": 2}},
    }
    inner = compact(copy.deepcopy(schema))["properties"]["inner"]
    validator = Draft202012Validator({"type": "object", "properties": {"inner": inner}})
    assert not validator.is_valid({"inner": {"a": 1}})  # minProperties still applies
    assert not validator.is_valid({"inner": {"a": "x", "b": 2}})  # and so does the model
    assert validator.is_valid({"inner": {"a": 1, "b": 2}})
    assert inner["description"] == "d"


def test_only_subschemas_are_rewritten_never_data_or_property_names():
    nullable_data = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    schema = {
        "$defs": {"Inner": {"type": "object", "properties": {"a": {"type": "integer"}}}},
        "type": "object",
        "properties": {
            "$defs": {"type": "string"},  # a property that happens to carry a keyword's name
            "anyOf": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "inner": {"$ref": "#/$defs/Inner", "default": {"$ref": "#/$defs/Inner"}},
            "choice": {"enum": [nullable_data, 1], "examples": [nullable_data]},
        },
    }
    properties = compact(schema)["properties"]
    assert properties["$defs"] == {"type": "string"}
    assert properties["anyOf"] == {"type": ["integer", "null"]}
    assert properties["inner"]["default"] == {"$ref": "#/$defs/Inner"}  # a default value, not a reference
    assert properties["inner"]["properties"] == {"a": {"type": "integer"}}
    assert properties["choice"] == schema["properties"]["choice"]


def test_a_reference_it_cannot_inline_leaves_the_schema_as_it_was():
    schema = {
        "$defs": {"Inner": {"type": "object"}},
        "type": "object",
        "properties": {"a": {"$ref": "#/$defs/Missing"}, "b": {"anyOf": [{"type": "integer"}, {"type": "null"}]}},
    }
    assert compact(schema) == schema


def test_a_discriminator_mapping_naming_definitions_leaves_the_schema_as_it_was():
    schema = {
        "$defs": {"Cat": {"type": "object", "properties": {"kind": {"const": "cat"}}}},
        "type": "object",
        "properties": {
            "pet": {
                "oneOf": [{"$ref": "#/$defs/Cat"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/$defs/Cat"}},
            }
        },
    }
    assert compact(schema) == schema
