"""Benchmark: the env tools' latency over stdio, as ratios to a bare echo tool on the same server in the same run.

    .venv/bin/python bench/tool_latency.py [--calls 400] [--findings-per-episode 8] [--isolation auto] [--floor NAME]

Two real servers over stdio, composed from the command-line settings exactly as `coding-env-mcp serve` does,
each with a bare `echo` tool (the floor: what any tool call costs on that transport) and the floor tools below:
- `sqlite file`: the default episode record, an SQLite WAL file in a temporary folder (as users run it);
- `no record`: the same server with recording turned off (the env's `NullRecorder`), to show what the record
  costs per call.
On each, in rotating order within every round (so drift hits all contenders alike), and alternating servers:
`echo`, `get_observation` on an open episode, `submit_review` (a non-final finding: `--max-steps` is raised so
no finding ends its episode; a fresh episode every `--findings-per-episode` findings, reset outside the timing,
as an agent files a handful per PR) and `run_python("print(1)")` on a warm episode. With --floor, one of two
floors of what those two calls cost before any env work, so a ratio can be read against what is reachable:
`submit_shape` takes submit_review's arguments (checked by the SDK) and returns a canned finding's result, and
`sandbox_only` runs the cell in a sandboxed interpreter and returns run_python's result, neither with an
episode or a record.

Targets (issue 14), p50 over echo's p50 with the default record: get_observation <= 1.15, submit_review <= 1.25,
run_python <= 1.4. The machine is shared and noisy: compare the ratios of one run, never absolute times
across runs.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"get_observation": 1.15, "submit_review": 1.25, "run_python": 1.4}
CONTENDERS = ("echo", "get_observation", "submit_review", "run_python")
FLOORS = {"submit_review": "submit_shape", "run_python": "sandbox_only"}
TASK = "task_easy_1"
WARM_UP = 30
# What a non-final finding off every planted issue returns (the `submit_shape` floor answers it, canned).
_NOTHING = "Finding 1 earns nothing: it is not located on any planted issue (false positive)."
STEP_RESULT = {
    "episode_id": "p5nR4DgJw28Zv9o_skZOeA",
    "reward": 0.01,
    "feedback": _NOTHING,
    "done": False,
    "step_count": 1,
    "max_steps": 1000000,
    "episode_score": 0.01,
    "finding": {
        "step": 1,
        "outcome": "false_positive",
        "matched_issue": None,
        "components": {"line": 0.0, "type": 0.0, "severity": 0.0, "evidence": 0.0},
        "score": 0.01,
        "confidence": 0.5,
        "calibration_error": 0.5,
        "feedback": _NOTHING,
    },
}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def serve_stdio(settings: list[str], record: bool) -> None:
    """The server process: the env as `coding-env-mcp serve` composes it from `settings`, plus an echo tool."""
    sys.path.insert(0, str(REPO))
    from coding_env_mcp.cli.compose import add_settings, build_env
    from coding_env_mcp.core import readable
    from coding_env_mcp.core.recorder import NullRecorder
    from coding_env_mcp.models import RunResult, StepResult
    from coding_env_mcp.server import ReviewTools, _reply, build_server

    parser = argparse.ArgumentParser()
    add_settings(parser)
    env = build_env(parser.parse_args(settings))
    if not record:
        env.recorder.close()
        env.recorder = NullRecorder()
    server = build_server(env)

    @server.tool()
    def echo(text: str) -> str:
        """Return `text` unchanged (the floor this benchmark compares against)."""
        return text

    # Two floors of what the env's tools cost before any env work: the same arguments and result shape.
    signature = inspect.signature(ReviewTools.submit_review, eval_str=True)
    step = StepResult.model_validate(STEP_RESULT)
    step_reply = _reply(step, readable.step(step))

    def submit_shape(**arguments: object) -> object:
        """submit_review's arguments, checked by the SDK; a canned finding's result back. No env, no record."""
        return step_reply

    submit_shape.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[param for name, param in signature.parameters.items() if name != "self"]
    )
    server.add_tool(submit_shape)
    sessions = []

    def sandbox_only(code: str) -> object:
        """One cell in a sandboxed interpreter, with run_python's result. No episode, no record."""
        if not sessions:
            sessions.append(env.sandbox.open_session({}))
        result = sessions[0].run(code, 5)
        return _reply(result, readable.run(result))

    sandbox_only.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("code", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str)],
        return_annotation=Annotated[CallToolResult, RunResult],
    )
    server.add_tool(sandbox_only)

    with env:
        server.run()


class Player:
    """One server's client and the episodes its contenders use."""

    def __init__(self, name: str, client: Client, findings_per_episode: int, contenders: tuple[str, ...]):
        self.name = name
        self.client = client
        self.findings_per_episode = findings_per_episode
        self.timings: dict[str, list[float]] = {name: [] for name in contenders}
        self.findings = 0

    async def call(self, tool: str, arguments: dict) -> dict:
        result = await self.client.call_tool(tool, arguments)
        assert not result.is_error, (tool, result.content)
        return result.structured_content or {}

    async def start(self) -> None:
        self.observed = (await self.call("reset_episode", {"task_id": TASK}))["episode_id"]
        self.runner = (await self.call("reset_episode", {"task_id": TASK}))["episode_id"]
        await self.call("run_python", {"episode_id": self.runner, "code": "print(1)"})
        observation = await self.call("get_observation", {"episode_id": self.observed})
        self.file = observation["changed_files"][0]
        await self.new_reviewed_episode()

    async def new_reviewed_episode(self) -> None:
        self.reviewed = (await self.call("reset_episode", {"task_id": TASK}))["episode_id"]
        self.findings = 0

    def arguments(self, tool: str) -> dict:
        if tool == "echo":
            return {"text": "1"}
        if tool == "get_observation":
            return {"episode_id": self.observed}
        if tool == "run_python":
            return {"episode_id": self.runner, "code": "print(1)"}
        if tool == "sandbox_only":
            return {"code": "print(1)"}
        return {
            "episode_id": self.reviewed,
            "file_path": self.file,
            "line_number": 1 + self.findings,
            "bug_type": "logic",
            "issue_type": "logic",
            "severity": "medium",
            "confidence": 0.5,
            "review": "The new branch drops the error the old code raised, so a bad input passes silently.",
        }

    async def round(self, order: tuple[str, ...], counted: bool) -> None:
        for tool in order:
            if tool == "submit_review" and self.findings >= self.findings_per_episode:
                await self.new_reviewed_episode()
            arguments = self.arguments(tool)
            started = time.perf_counter()
            result = await self.client.call_tool(tool, arguments)
            elapsed = time.perf_counter() - started
            assert not result.is_error, (tool, result.content)
            if tool == "submit_review":
                self.findings += 1
                assert not result.structured_content["done"]
                assert result.structured_content.keys() == STEP_RESULT.keys()
            if counted:
                self.timings[tool].append(elapsed)


def server_parameters(settings: list[str], record: bool) -> StdioServerParameters:
    mode = ["--record"] if record else []
    return StdioServerParameters(
        command=sys.executable, args=[__file__, "--serve-stdio", *mode, "--", *settings], cwd=str(REPO)
    )


def ms(value: float) -> str:
    return f"{value * 1000:7.3f}"


def report(players: list[Player]) -> None:
    print(f"{'server':<12} {'tool':<16} {'p50 ms':>8} {'p99 ms':>8}  {'p50 / echo':>10}  {'p99 / echo p99':>14}")
    for player in players:
        echo = player.timings["echo"]
        echo_p50, echo_p99 = statistics.median(echo), percentile(echo, 0.99)
        for tool in player.timings:
            samples = player.timings[tool]
            p50, p99 = statistics.median(samples), percentile(samples, 0.99)
            print(
                f"{player.name:<12} {tool:<16} {ms(p50):>8} {ms(p99):>8}  {p50 / echo_p50:>9.2f}x  "
                f"{p99 / echo_p99:>13.2f}x"
            )
    recorded, bare = players
    print("\nwhat the record costs per call (p50 over echo, sqlite file minus no record, in echo p50s and ms):")
    for tool in TARGETS:
        ratios = [statistics.median(p.timings[tool]) / statistics.median(p.timings["echo"]) for p in players]
        extra_ms = (statistics.median(recorded.timings[tool]) - statistics.median(bare.timings[tool])) * 1000
        print(f"  {tool:<16} {ratios[0] - ratios[1]:+.2f} echo p50  ({extra_ms:+.3f} ms)")
    print("\ntargets with the default record (p50 / echo p50), and the floor of the same shape without the env:")
    for tool, target in TARGETS.items():
        ratio = statistics.median(recorded.timings[tool]) / statistics.median(recorded.timings["echo"])
        verdict = "met" if ratio <= target else "MISSED"
        floor = FLOORS.get(tool)
        beside = ""
        if floor in recorded.timings:
            floors = [statistics.median(p.timings[floor]) / statistics.median(p.timings["echo"]) for p in players]
            beside = f"  ({floor}: {statistics.median(floors):.2f}x, no env and no record)"
        print(f"  {tool:<16} {ratio:.2f}x <= {target}x: {verdict}{beside}")


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        common = ["--max-steps", "1000000", "--isolation", args.isolation]
        recorded_settings = ["--db", str(Path(folder) / "episodes.db"), *common]
        async with (
            Client(server_parameters(recorded_settings, record=True)) as recorded_client,
            Client(server_parameters(["--db", ":memory:", *common], record=False)) as bare_client,
        ):
            contenders = CONTENDERS + tuple(args.floor)
            players = [
                Player("sqlite file", recorded_client, args.findings_per_episode, contenders),
                Player("no record", bare_client, args.findings_per_episode, contenders),
            ]
            for player in players:
                await player.start()
            print(f"{args.calls} timed calls per tool and server, after {WARM_UP} warm-up rounds\n")
            for round_number in range(args.calls + WARM_UP):
                shift = round_number % len(contenders)
                order = contenders[shift:] + contenders[:shift]
                for player in players if round_number % 2 else players[::-1]:
                    await player.round(order, counted=round_number >= WARM_UP)
    report(players)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=400, help="timed calls per tool and server")
    parser.add_argument(
        "--findings-per-episode", type=int, default=8, help="non-final findings filed per episode before a new one"
    )
    parser.add_argument("--isolation", default="auto", help="sandbox isolation level (default: auto)")
    parser.add_argument(
        "--floor",
        action="append",
        choices=sorted(FLOORS.values()),
        default=[],
        help="also time this floor (repeatable; each one widens the mix of calls, which slows every call a little)",
    )
    parser.add_argument("--serve-stdio", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--record", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("settings", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_stdio:
        serve_stdio(args.settings, args.record)
    else:
        asyncio.run(main(args))


if __name__ == "__main__":
    cli()
