"""Benchmark: many live episodes on one machine, over stdio against the real `coding-env-mcp` server.

    .venv/bin/python bench/episodes_at_scale.py throughput [--levels 1,8,64,256] [--repeat 3]
    .venv/bin/python bench/episodes_at_scale.py thousand [--episodes 1000] [--budget-mb 1536] [--repeat 1]

`throughput`: N episodes each keep one `run_python` in flight (a closed loop, the way N rollouts use the
server), for N in --levels; calls/s, p50 and p99, and calls that came back restored or with a wrong value.
The levels are interleaved in each repeat and the medians are reported, with each level's throughput as a
ratio to the throughput at 8 measured in the same run (target: >= 0.8 at 64 and 256). The sandbox's
memory budget is set to hold every level's interpreters (--budget-mb), so this measures scheduling, not
eviction.

`thousand`: --episodes episodes are opened and stay open; each stores a value in its notebook, and once all
have, each reads its value back. Wrong or missing values must be 0; values whose interpreter had been stopped
for the memory budget come back restored (counted). The server's and its workers' memory (summed PSS from
/proc) is sampled throughout and its peak compared with the stated total (--total-mb, default 2048 MB for
1,000 episodes); memory per live episode (an interpreter) and per idle one (server memory per open episode)
are printed. A restored read's p50 is shown as a ratio to a live read's p50 from the same run.

The machine is shared and noisy: compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from mcp import Client, StdioServerParameters

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coding_env_mcp.sandbox.memory import descendants_everywhere, parent_of, process_memory  # noqa: E402

MB = 1024 * 1024
TASK = "task_easy_1"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def server_params(budget_mb: int, max_episodes: int, db: Path) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=[
            "-m",
            "coding_env_mcp",
            "--log-level",
            "WARNING",
            "serve",
            "--db",
            str(db),
            "--max-episodes",
            str(max_episodes),
            "--sandbox-memory-mb",
            str(budget_mb),
        ],
        cwd=str(REPO),
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@dataclass
class Memory:
    """The server process and everything it started (workers), sampled from /proc."""

    peak_total: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    @staticmethod
    def server_pid() -> int:
        mine = os.getpid()
        for pid in descendants_everywhere(mine):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if pid != mine and b"coding_env_mcp" in cmdline:
                return pid
        raise RuntimeError("the server process was not found among this process's children")

    @staticmethod
    def now() -> tuple[int, int, int]:
        """(server PSS, workers' PSS, workers): a worker is a process the server started, with its own children."""
        server = Memory.server_pid()
        tree = descendants_everywhere(server)
        workers = sum(1 for pid in tree[1:] if parent_of(pid) == server)
        return process_memory(server), sum(process_memory(pid) for pid in tree[1:]), workers

    def sample_every(self, seconds: float) -> None:
        def loop() -> None:
            while not self._stop.wait(seconds):
                server, workers, _ = self.now()
                self.peak_total = max(self.peak_total, server + workers)
                self.samples += 1

        threading.Thread(target=loop, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


async def bounded(concurrency: int, jobs: list[Callable[[], Awaitable[None]]]) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Callable[[], Awaitable[None]]) -> None:
        async with gate:
            await job()

    await asyncio.gather(*(one(job) for job in jobs))


async def open_episodes(client: Client, count: int) -> list[str]:
    ids: list[str] = []

    async def reset() -> None:
        result = await client.call_tool("reset_episode", {"task_id": TASK})
        assert not result.is_error, result.content
        ids.append(result.structured_content["episode_id"])

    await bounded(32, [reset for _ in range(count)])
    return ids


async def run(client: Client, eid: str, code: str) -> tuple[dict, float]:
    started = time.perf_counter()
    result = await client.call_tool("run_python", {"episode_id": eid, "code": code})
    elapsed = time.perf_counter() - started
    if result.is_error:
        return {"error": str(result.content)}, elapsed
    return result.structured_content, elapsed


# -- throughput ---------------------------------------------------------------------------------------


@dataclass
class Level:
    episodes: int
    calls_per_s: float
    p50: float
    p99: float
    restored: int
    wrong: int


async def one_level(client: Client, episodes: int, seconds: float) -> Level:
    ids = await open_episodes(client, episodes)
    values = {eid: secrets.token_hex(4) for eid in ids}
    await bounded(32, [lambda e=eid: run(client, e, f"value = {values[e]!r}") for eid in ids])  # warm
    latencies: list[float] = []
    restored = wrong = 0
    deadline = time.perf_counter() + seconds

    async def loop(eid: str) -> None:
        nonlocal restored, wrong
        while time.perf_counter() < deadline:
            result, elapsed = await run(client, eid, "print(value)")
            latencies.append(elapsed)
            restored += bool(result.get("restored"))
            wrong += result.get("stdout") != values[eid] + "\n"

    started = time.perf_counter()
    await asyncio.gather(*(loop(eid) for eid in ids))
    elapsed = time.perf_counter() - started
    await bounded(32, [lambda e=eid: client.call_tool("finish_episode", {"episode_id": e}) for eid in ids])
    return Level(
        episodes, len(latencies) / elapsed, statistics.median(latencies), percentile(latencies, 0.99), restored, wrong
    )


async def throughput(args: argparse.Namespace) -> None:
    levels = [int(level) for level in args.levels.split(",")]
    runs: dict[int, list[Level]] = {level: [] for level in levels}
    with tempfile.TemporaryDirectory() as scratch:
        params = server_params(args.budget_mb, max(levels) + 64, Path(scratch) / "episodes.db")
        async with Client(params) as client:
            await one_level(client, 8, 1.0)  # warm-up: imports, the task, the first interpreters
            for repeat in range(args.repeat):
                for level in levels:
                    runs[level].append(await one_level(client, level, args.seconds))
                    print(f"  repeat {repeat + 1}, {level:4d} episodes: {runs[level][-1].calls_per_s:7.1f} calls/s")
                    await asyncio.sleep(1.0)  # the finished episodes' interpreters go
    print(f"\nbudget {args.budget_mb} MB; {args.repeat} repeat(s) of {args.seconds:g} s per level; medians")
    print("ratio: the median over repeats of calls/s at the level over calls/s at 8 in the same repeat;")
    print("queue: what the queue alone explains for p50, episodes in flight / calls/s (Little's law)\n")
    print(
        f"{'episodes':>8} {'calls/s':>9} {'p50':>10} {'p99':>10} {'queue':>10} {'restored':>9} {'wrong':>6}   ratio to 8"
    )
    for level, samples in runs.items():
        rate = statistics.median(sample.calls_per_s for sample in samples)
        ratio = statistics.median(s.calls_per_s / b.calls_per_s for s, b in zip(samples, runs[8], strict=True))
        p50 = statistics.median(sample.p50 for sample in samples) * 1000
        p99 = statistics.median(sample.p99 for sample in samples) * 1000
        restored = sum(sample.restored for sample in samples)
        wrong = sum(sample.wrong for sample in samples)
        verdict = ("  (target >= 0.8x: " + ("met" if ratio >= 0.8 else "MISSED") + ")") if level >= 64 else ""
        print(
            f"{level:8d} {rate:9.1f} {p50:7.1f} ms {p99:7.1f} ms {level / rate * 1000:7.1f} ms {restored:9d} "
            f"{wrong:6d}   {ratio:.2f}x{verdict}"
        )


# -- a thousand episodes ------------------------------------------------------------------------------


async def thousand_once(args: argparse.Namespace) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        params = server_params(args.budget_mb, args.episodes + 16, Path(scratch) / "episodes.db")
        async with Client(params) as client:
            await client.call_tool("list_tasks", {})  # the env is built in the background: wait for it
            server_before, _, _ = Memory.now()
            memory = Memory()
            memory.sample_every(1.0)
            started = time.perf_counter()
            ids = await open_episodes(client, args.episodes)
            server_open, _, _ = Memory.now()
            values = {eid: f"{number}-{secrets.token_hex(6)}" for number, eid in enumerate(ids)}
            store_times: list[float] = []
            errors = 0

            async def store(eid: str) -> None:
                nonlocal errors
                result, elapsed = await run(client, eid, f"value = {values[eid]!r}")
                store_times.append(elapsed)
                errors += "error" in result or result.get("exit_code") != 0

            await bounded(args.concurrency, [lambda e=eid: store(e) for eid in ids])
            server_stored, workers_stored, live_workers = Memory.now()
            wrong = missing = restored = 0
            live_reads: list[float] = []
            restored_reads: list[float] = []

            async def read(eid: str) -> None:
                nonlocal wrong, missing, restored
                result, elapsed = await run(client, eid, "print(globals().get('value', 'MISSING'))")
                if "error" in result or result.get("stdout") == "MISSING\n":
                    missing += 1
                elif result.get("stdout") != values[eid] + "\n":
                    wrong += 1
                if result.get("restored"):
                    restored += 1
                    restored_reads.append(elapsed)
                else:
                    live_reads.append(elapsed)

            # Newest first: the most recently used interpreters are still alive, the oldest were stopped for room.
            await bounded(args.concurrency, [lambda e=eid: read(e) for eid in reversed(ids)])
            elapsed = time.perf_counter() - started
            server_end, workers_end, _ = Memory.now()
            memory.stop()
            memory.peak_total = max(memory.peak_total, server_end + workers_end, server_stored + workers_stored)
            return {
                "episodes": len(ids),
                "errors": errors,
                "wrong": wrong,
                "missing": missing,
                "restored": restored,
                "seconds": elapsed,
                "peak_mb": memory.peak_total / MB,
                "server_idle_mb": server_before / MB,
                "server_mb": server_end / MB,
                "per_idle_kb": (server_open - server_before) / max(1, len(ids)) / 1024,
                "per_episode_kb": (server_end - server_before) / max(1, len(ids)) / 1024,
                "per_live_mb": workers_stored / max(1, live_workers) / MB,
                "live_workers": live_workers,
                "workers_mb": workers_stored / MB,
                "store_p50_ms": statistics.median(store_times) * 1000,
                "live_read_p50_ms": statistics.median(live_reads) * 1000 if live_reads else float("nan"),
                "restored_read_p50_ms": statistics.median(restored_reads) * 1000 if restored_reads else float("nan"),
            }


async def thousand(args: argparse.Namespace) -> None:
    runs = []
    for repeat in range(args.repeat):
        runs.append(await thousand_once(args))
        print(f"  repeat {repeat + 1}: {runs[-1]}")

    def med(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    total_mb = args.total_mb
    print(
        f"\n{args.episodes} episodes open at once, {args.concurrency} calls in flight, sandbox budget "
        f"{args.budget_mb} MB; {args.repeat} repeat(s), medians\n"
    )
    print(
        f"wrong values: {sum(r['wrong'] for r in runs)}, missing: {sum(r['missing'] for r in runs)}, "
        f"failed stores: {sum(r['errors'] for r in runs)} (target 0)"
    )
    print(f"values restored by replay: {med('restored'):.0f} of {args.episodes} (interpreters stopped for the budget)")
    print(
        f"peak memory, server + workers (summed PSS): {med('peak_mb'):.0f} MB = {med('peak_mb') / total_mb:.2f}x "
        f"the stated {total_mb} MB ({'met' if med('peak_mb') <= total_mb else 'MISSED'})"
    )
    print(
        f"memory per live episode (an interpreter): {med('per_live_mb'):.2f} MB "
        f"({med('live_workers'):.0f} live, {med('workers_mb'):.0f} MB); per idle episode (server memory per open "
        f"episode): {med('per_idle_kb'):.1f} KB opened, {med('per_episode_kb'):.1f} KB with its cells; server {med('server_idle_mb'):.0f} MB idle, "
        f"{med('server_mb'):.0f} MB at the end"
    )
    live, restored = med("live_read_p50_ms"), med("restored_read_p50_ms")
    print(
        f"p50: first call (a fresh interpreter) {med('store_p50_ms'):.1f} ms, read from a live interpreter "
        f"{live:.1f} ms, restored read {restored:.1f} ms ({restored / live:.1f}x live); whole run {med('seconds'):.0f} s"
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    rate = commands.add_parser("throughput", help="calls/s at 1, 8, 64, 256 episodes in flight")
    rate.add_argument("--levels", default="1,8,64,256")
    rate.add_argument("--seconds", type=float, default=3.0, help="measured seconds per level and repeat")
    rate.add_argument("--repeat", type=int, default=5)
    rate.add_argument("--budget-mb", type=int, default=2560, help="sandbox memory budget (holds every level)")
    many = commands.add_parser("thousand", help="1,000 open episodes store and read back a value")
    many.add_argument("--episodes", type=int, default=1000)
    many.add_argument("--concurrency", type=int, default=32, help="calls in flight")
    many.add_argument("--budget-mb", type=int, default=1536, help="sandbox memory budget (--sandbox-memory-mb)")
    many.add_argument("--total-mb", type=int, default=2048, help="the stated limit for server + workers")
    many.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(throughput(args) if args.command == "throughput" else thousand(args))


if __name__ == "__main__":
    cli()
