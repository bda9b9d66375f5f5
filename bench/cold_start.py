"""Cold start over stdio: spawn → initialize → tools/list, against a bare one-tool MCP server in the same run.

    python bench/cold_start.py [--runs N] [--copies K]

What a client such as Claude Desktop waits for when it starts the server. Both servers are spawned with the
same interpreter, alternately, and the medians are compared; the machine is shared and noisy, so read the ratio.

Per run it times, from the spawn: `tools/list` answered (the cold start) and the server gone after that client
left; then, in a second spawn, the first `reset_episode` answered right after `tools/list` (what a client that
plays at once waits for: the task suite is loaded and the sandbox started by then). `--copies K` also serves a suite of K copies of the bundled tasks (renamed ids) from a temporary
folder, to show how start-up grows with the suite.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

from coding_env_mcp.core.tasks import default_tasks_dir, task_folders

BARE = '''
from mcp.server import MCPServer

server = MCPServer("bare")


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    return text


server.run()
'''


def copied_suite(target: Path, copies: int) -> Path:
    """`copies` copies of the bundled suite under `target`, each task renamed `<id>_c<n>` (copy 1 keeps its id)."""
    for folder in task_folders(default_tasks_dir()):
        for number in range(1, copies + 1):
            task_id = folder.name if number == 1 else f"{folder.name}_c{number}"
            shutil.copytree(folder, target / task_id, ignore=shutil.ignore_patterns("__pycache__"))
            spec = target / task_id / "task.toml"
            text = re.sub(r'^task_id = ".*"$', f'task_id = "{task_id}"', spec.read_text(), count=1, flags=re.M)
            spec.write_text(text)
    return target


async def listed_and_exited(params: StdioServerParameters) -> tuple[float, float]:
    """Seconds from the spawn to tools/list answered, and to the server gone once the client left."""
    began = time.perf_counter()
    async with Client(params) as client:
        await client.list_tools()
        listed = time.perf_counter() - began
    return listed, time.perf_counter() - began


async def first_reset(params: StdioServerParameters) -> float:
    """Seconds from the spawn to the first reset_episode answered, right after tools/list."""
    began = time.perf_counter()
    async with Client(params) as client:
        await client.list_tools()
        result = await client.call_tool("reset_episode", {})
        assert not result.is_error, result
        return time.perf_counter() - began


def ours(cache: Path, *extra: str) -> StdioServerParameters:
    """The server as a client spawns it; its task cache lives in the run's scratch folder (the first start of
    each suite validates it and fills the cache, later ones read it, as a user's later starts do)."""
    args = ["-m", "coding_env_mcp", "--log-level", "WARNING", "serve", "--db", ":memory:", "--task-cache", str(cache)]
    return StdioServerParameters(command=sys.executable, args=[*args, *extra])


async def main(runs: int, copies: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        bare_script = Path(scratch) / "bare_server.py"
        bare_script.write_text(BARE)
        bare = StdioServerParameters(command=sys.executable, args=[str(bare_script)])
        cache = Path(scratch) / "cache"
        servers = {f"coding-env-mcp, {len(task_folders(default_tasks_dir()))} tasks": ours(cache)}
        if copies > 1:
            suite = copied_suite(Path(scratch) / "tasks", copies)
            servers[f"coding-env-mcp, {len(task_folders(suite))} tasks"] = ours(cache, "--tasks-dir", str(suite))
        floor: list[tuple[float, float]] = []
        times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in servers}
        for _ in range(runs):
            floor.append(await listed_and_exited(bare))
            for name, params in servers.items():
                listed, exited = await listed_and_exited(params)
                times[name].append((listed, exited, await first_reset(params)))
    bare_listed, bare_exited = (statistics.median(run[i] for run in floor) for i in range(2))
    print(f"median of {runs} runs (ratio to the bare one-tool server)")
    print(f"  {'server':<26} {'spawn -> tools/list':>21} {'... -> exited':>21} {'-> first reset_episode':>23}")
    print(
        f"  {'bare one tool':<26} {bare_listed * 1000:8.0f} ms (1.00x) {bare_exited * 1000:8.0f} ms (1.00x) {'-':>23}"
    )
    for name, samples in times.items():
        listed, exited, reset = (statistics.median(run[i] for run in samples) for i in range(3))
        print(
            f"  {name:<26} {listed * 1000:8.0f} ms ({listed / bare_listed:4.2f}x) "
            f"{exited * 1000:8.0f} ms ({exited / bare_exited:4.2f}x) {reset * 1000:20.0f} ms"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--copies", type=int, default=1, help="also serve K copies of the suite (e.g. 4)")
    options = parser.parse_args()
    anyio.run(main, options.runs, options.copies)
