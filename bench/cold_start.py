"""Cold start over stdio: spawn → initialize → tools/list, against a bare one-tool MCP server in the same run.

    python bench/cold_start.py [--runs N]

What a client such as Claude Desktop waits for when it starts the server. Both servers are spawned with the
same interpreter, alternately, and the medians are compared; the machine is shared and noisy, so read the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

BARE = '''
from mcp.server import MCPServer

server = MCPServer("bare")


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    return text


server.run()
'''


async def started(params: StdioServerParameters) -> float:
    began = time.perf_counter()
    async with Client(params) as client:
        await client.list_tools()
    return time.perf_counter() - began


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        bare_script = Path(scratch) / "bare_server.py"
        bare_script.write_text(BARE)
        ours = StdioServerParameters(
            command=sys.executable, args=["-m", "coding_env_mcp", "--log-level", "WARNING", "serve", "--db", ":memory:"]
        )
        bare = StdioServerParameters(command=sys.executable, args=[str(bare_script)])
        ours_s, bare_s = [], []
        for _ in range(runs):
            ours_s.append(await started(ours))
            bare_s.append(await started(bare))
    ours_p50, bare_p50 = statistics.median(ours_s), statistics.median(bare_s)
    print(f"spawn -> initialize -> tools/list, median of {runs}:")
    print(f"  coding-env-mcp   {ours_p50 * 1000:7.0f} ms")
    print(f"  bare one tool    {bare_p50 * 1000:7.0f} ms")
    print(f"  ratio            {ours_p50 / bare_p50:7.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    anyio.run(main, parser.parse_args().runs)
