"""LangChain, as an agent built with it runs the server: examples/langchain_review.py through langchain-mcp-adapters.

langchain-mcp-adapters 0.3 requires the MCP SDK 1.x, so the client runs as a user must run it: in a venv of its
own (examples/requirements-langchain.txt, built once and kept in pytest's cache), starting this checkout's
`coding-env-mcp` over stdio. A 1.x client against the 2.x server also proves the 2025-11-25 protocol era end to
end. Both of the example's paths run: the scripted policy with no key, and LangChain's agent against a scripted
chat-completions endpoint on 127.0.0.1 (tests/fake_chat.py) standing in for the model.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from ..fake_chat import FakeChatEndpoint, text
from .test_pydantic_ai import calling, grade_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE = EXAMPLES / "langchain_review.py"
REQUIREMENTS = EXAMPLES / "requirements-langchain.txt"
SERVER = Path(sys.executable).with_name("coding-env-mcp")  # this checkout's install, beside the test interpreter


@pytest.fixture(scope="module")
def client_python(request: pytest.FixtureRequest) -> Path:
    """A venv holding only the example's requirements, rebuilt when they change. Skips when the packages cannot
    be installed (no registry), except under CI, which must run it."""
    key = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    home = request.config.cache.mkdir(f"langchain-client-{key}")
    python = home / "bin" / "python"
    if not (home / "ready").exists():
        venv.create(home, with_pip=True, clear=True)
        install = [str(python), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)]
        done = subprocess.run(install, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            reason = f"cannot install {REQUIREMENTS.name}: {done.stderr.strip()[-500:]}"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        (home / "ready").touch()
    return python


def run_example(python: Path, task_id: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """The example as a user runs it, with OPENAI_* only as given."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI_")} | environment
    command = [str(python), str(EXAMPLE), task_id, "--server", str(SERVER)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def test_the_client_venv_holds_the_1x_sdk_the_adapters_require(client_python: Path):
    version = subprocess.run(
        [str(client_python), "-c", "import importlib.metadata as m; print(m.version('mcp'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert version.startswith("1.")


def test_the_scripted_policy_plays_a_clean_and_a_buggy_pr_without_a_key(client_python: Path):
    grades = {}
    for task_id in ("task_easy_1", "task_032"):
        done = run_example(client_python, task_id)
        assert done.returncode == 0, done.stderr
        assert f"== {task_id}:" in done.stdout and "import " in done.stdout
        grades[task_id] = grade_of(done.stdout)
    assert grades == {"task_easy_1": "0.01", "task_032": "0.99"}  # abstention: buggy earns nothing, clean full


def test_with_a_key_a_langchain_agent_plays_the_episode(client_python: Path):
    script = [calling("run_python", code="print(6 * 7)"), calling("finish_episode", verdict="approve"), text("Done.")]
    with FakeChatEndpoint(script) as endpoint:
        done = run_example(client_python, "task_032", OPENAI_API_KEY="test-key", OPENAI_BASE_URL=endpoint.base_url)
    assert done.returncode == 0, done.stderr
    assert grade_of(done.stdout) == "0.99"  # the model's approve on a clean PR

    (headers, first), (_, second), _ = endpoint.requests
    assert {key.lower(): value for key, value in headers.items()}["authorization"] == "Bearer test-key"
    offered = {tool["function"]["name"] for tool in first["tools"]}
    assert {"run_python", "submit_review", "finish_episode", "get_grade"} <= offered
    assert "reset_episode" not in offered  # the episode is already open
    ran = next(message for message in second["messages"] if message["role"] == "tool")
    assert "42" in str(ran["content"])
