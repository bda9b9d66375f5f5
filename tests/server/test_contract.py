"""The wire contract, pinned: what `tools/list`, `resources/list`, `resources/templates/list` and `prompts/list`
return to a client. Any change to a tool's name, schema, description or annotations shows up as a diff of
`snapshots/contract.json` in review. After an intended change, regenerate it with
`CODING_ENV_MCP_UPDATE_SNAPSHOTS=1 pytest tests/server/test_contract.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from mcp import Client

from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.server import build_server

pytestmark = pytest.mark.anyio

SNAPSHOT = Path(__file__).with_name("snapshots") / "contract.json"


def _dump(items) -> list[dict]:
    return [item.model_dump(mode="json", by_alias=True, exclude_none=True) for item in items]


async def served_contract(client: Client) -> dict:
    return {
        "tools": _dump((await client.list_tools()).tools),
        "resources": _dump((await client.list_resources()).resources),
        "resource_templates": _dump((await client.list_resource_templates()).resource_templates),
        "prompts": _dump((await client.list_prompts()).prompts),
    }


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_the_served_contract_matches_the_snapshot(env: ReviewEnv, mode: str):
    async with Client(build_server(env), mode=mode) as client:
        contract = await served_contract(client)
    text = json.dumps(contract, indent=2, sort_keys=True) + "\n"
    if os.environ.get("CODING_ENV_MCP_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text)
    assert SNAPSHOT.exists(), "no snapshot yet: run with CODING_ENV_MCP_UPDATE_SNAPSHOTS=1"
    assert json.loads(SNAPSHOT.read_text()) == contract, (
        "the served MCP contract changed; if intended, regenerate snapshots/contract.json "
        "(CODING_ENV_MCP_UPDATE_SNAPSHOTS=1) and review the diff"
    )
