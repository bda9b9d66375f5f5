"""The MCP bundle (.mcpb) for Claude Desktop, checked and packed by the official CLI from the npm registry.

manifest.json at the top of the repository is a `uv` bundle: it carries the package's sources and the host runs
it with `uv run`, installing the dependencies itself. `@anthropic-ai/mcpb` (installed once into pytest's cache)
validates the manifest and packs the bundle as a publisher would; the packed bundle is then unpacked and started
the way the host starts it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coding_env_mcp import __version__

from ..conftest import REPO

MCPB_CLI = "@anthropic-ai/mcpb@2.1.2"
MANIFEST = json.loads((REPO / "manifest.json").read_text())
CONTRACT = json.loads((REPO / "tests" / "server" / "snapshots" / "contract.json").read_text())


def unavailable(reason: str) -> None:
    """Skip where a tool or registry is missing, except under CI, which must run these."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def mcpb(request: pytest.FixtureRequest) -> Path:
    npm = shutil.which("npm")
    if not npm:
        unavailable("npm is not installed")
    home = request.config.cache.mkdir(f"mcpb-cli-{MCPB_CLI.rsplit('@', 1)[1]}")
    cli = home / "node_modules" / ".bin" / "mcpb"
    if not cli.exists():
        install = [npm, "install", "--prefix", str(home), "--no-audit", "--no-fund", MCPB_CLI]
        done = subprocess.run(install, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            unavailable(f"cannot install {MCPB_CLI}: {done.stderr.strip()[-300:]}")
    return cli


@pytest.fixture(scope="module")
def bundle(mcpb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("mcpb") / "coding-env-mcp.mcpb"
    done = subprocess.run([str(mcpb), "pack", str(REPO), str(output)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return output


def test_the_official_cli_validates_the_manifest(mcpb: Path):
    done = subprocess.run([str(mcpb), "validate", str(REPO / "manifest.json")], capture_output=True, text=True)
    assert done.returncode == 0 and "passes" in done.stdout, done.stdout + done.stderr


def test_the_manifest_is_true_to_the_package():
    assert MANIFEST["version"] == __version__
    assert [tool["name"] for tool in MANIFEST["tools"]] == [tool["name"] for tool in CONTRACT["tools"]]
    assert [prompt["name"] for prompt in MANIFEST["prompts"]] == [prompt["name"] for prompt in CONTRACT["prompts"]]
    assert MANIFEST["server"]["type"] == "uv" and (REPO / MANIFEST["server"]["entry_point"]).exists()


def test_the_bundle_holds_the_package_and_nothing_else(bundle: Path):
    names = zipfile.ZipFile(bundle).namelist()
    assert {name.split("/", 1)[0] for name in names} == {
        "manifest.json",
        "pyproject.toml",
        "README.md",
        "coding_env_mcp",
        "tasks",
    }
    tracked = subprocess.run(["git", "ls-files", "tasks"], cwd=REPO, capture_output=True, text=True).stdout.split()
    if tracked:  # every task file, tests/ and dotfiles of the code under review included
        assert set(tracked) <= set(names)
    assert not [name for name in names if "__pycache__" in name or name.endswith((".pyc", ".db"))]


def test_the_unpacked_bundle_runs_as_the_host_starts_it(bundle: Path, tmp_path: Path):
    """`uv run --directory <bundle> ...`, the manifest's command, installs the package and its dependencies and
    serves the suite."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not uv:
        unavailable("uv is not installed (it comes with the dev extra)")
    zipfile.ZipFile(bundle).extractall(tmp_path / "bundle")
    config = MANIFEST["server"]["mcp_config"]
    args = [arg.replace("${__dirname}", str(tmp_path / "bundle")) for arg in config["args"]]
    env = {**os.environ, "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(tmp_path / "uv-cache"))}
    done = subprocess.run([uv, *args, "tasks", "list"], capture_output=True, text=True, timeout=600, env=env)
    if done.returncode != 0 and "Failed to fetch" in done.stderr:
        unavailable(f"no package index reachable: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    assert "task_easy_1" in done.stdout
