"""Throughput of 1 and 2 server replicas on one PostgreSQL record behind HAProxy, with the cost of each call.

    python bench/replicas.py                         # 32 clients, 1 then 2 replicas, round-robin
    python bench/replicas.py --clients 64 --seconds 10 --replicas 1 2 3

Each configuration starts a scratch PostgreSQL cluster (fsync on unless `--fsync off`, pg_stat_statements loaded), the replicas
(`coding-env-mcp serve --transport http --db postgresql://...`, each its own process and sandbox) and HAProxy
with the shipped config (tests/cluster.py), balancing round-robin — the worst case for the replicas, since
consecutive calls of one episode land on different ones — or, with `--affinity episode`, by episode. Every client plays its own episode, calling in turn `run_python`
(`print(1)`), `get_state` and `get_observation` for `--seconds`, after a warm-up.

Printed per configuration: calls/s with the ratio to 1 replica, p50/p99 latency, errors, and what one call
costs: CPU milliseconds in the replicas (their whole process trees: server, sandbox workers) and in PostgreSQL,
and the database round trips (statements, from pg_stat_statements) and transactions per call. On a machine
with fewer cores than replicas + database + balancer + clients, adding a replica cannot add throughput: the
per-call costs are what sizes a real cluster (docs/scaling.md). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import anyio
import psycopg
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.cluster import Cluster, cluster  # noqa: E402  (the test support that starts replicas and HAProxy)
from tests.postgres_server import fresh_database, postgres_cluster  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CALLS = (
    ("run_python", {"code": "print(1)"}),
    ("get_state", {}),
    ("get_observation", {}),
)


@dataclass
class Result:
    replicas: int
    clients: int
    calls: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    replica_cpu_ms_per_call: float
    postgres_cpu_ms_per_call: float
    statements_per_call: float
    transactions_per_call: float

    @property
    def rate(self) -> float:
        return self.calls / self.seconds


def _process_tree_cpu_s(roots: list[int]) -> float:
    """User + system CPU seconds of `roots` and every process descended from them, read from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    wanted, total = set(roots), 0.0
    for pid in times:
        ancestor = pid
        while ancestor not in wanted and ancestor > 1:
            ancestor = parents.get(ancestor, 0)
        if ancestor in wanted:
            total += times[pid]
    return total


def _postmaster_pid(admin_url: str) -> int:
    with psycopg.connect(admin_url) as conn:
        data = conn.execute("SHOW data_directory").fetchone()[0]
    return int(Path(data, "postmaster.pid").read_text().split()[0])


def _database_counters(admin_url: str, database: str) -> tuple[int, int]:
    """(statements executed, transactions committed or rolled back) in `database` so far."""
    with psycopg.connect(admin_url) as conn:
        statements = conn.execute(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            "WHERE d.datname = %s",
            (database,),
        ).fetchone()[0]
        conn.execute("SELECT pg_stat_clear_snapshot()")
        transactions = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", (database,)
        ).fetchone()[0]
    return int(statements), int(transactions)


async def _drive(running: Cluster, clients: int, seconds: float) -> tuple[list[float], int]:
    """Each client starts its episode, warms up for 2 s (its worker started, connections pooled), then calls
    for `seconds`; returns the measured calls' latencies and the number of failed calls."""
    latencies: list[float] = []
    errors = 0
    warm_until = time.perf_counter() + 2.0
    deadline = warm_until + seconds

    async def client_loop(number: int) -> None:
        nonlocal errors
        async with (
            running.http_client() as http,
            Client(streamable_http_client(f"{running.url}/mcp", http_client=http)) as client,
        ):
            reset = await client.call_tool("reset_episode", {"task_id": "task_easy_1"})
            episode_id = reset.structured_content["episode_id"]
            turn = number
            while (now := time.perf_counter()) < deadline:
                tool, arguments = CALLS[turn % len(CALLS)]
                turn += 1
                try:
                    failed = (await client.call_tool(tool, {"episode_id": episode_id, **arguments})).is_error
                except Exception:
                    failed = True
                if now < warm_until:
                    continue
                if failed:
                    errors += 1
                else:
                    latencies.append(time.perf_counter() - now)

    async with anyio.create_task_group() as group:
        for number in range(clients):
            group.start_soon(client_loop, number)
    return latencies, errors


def measure(admin_url: str, postmaster: int, replicas: int, clients: int, seconds: float, affinity: str) -> Result:
    name = f"bench_{replicas}"
    db_url = fresh_database(admin_url, name)
    with cluster(db_url, replicas=replicas, affinity=affinity) as running:
        roots = [r.process.pid for r in running.replicas]
        cpu_before, pg_before = _process_tree_cpu_s(roots), _process_tree_cpu_s([postmaster])
        statements_before, transactions_before = _database_counters(admin_url, name)
        latencies, errors = anyio.run(_drive, running, clients, seconds)
        cpu_after, pg_after = _process_tree_cpu_s(roots), _process_tree_cpu_s([postmaster])
        statements_after, transactions_after = _database_counters(admin_url, name)
    # The counters include the warm-up's calls (2 s): count those too, at the measured rate.
    calls_total = max(1, round(len(latencies) * (seconds + 2.0) / seconds))
    ordered = sorted(latencies) or [float("nan")]
    return Result(
        replicas=replicas,
        clients=clients,
        calls=len(latencies),
        errors=errors,
        seconds=seconds,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        replica_cpu_ms_per_call=(cpu_after - cpu_before) * 1000 / calls_total,
        postgres_cpu_ms_per_call=(pg_after - pg_before) * 1000 / calls_total,
        statements_per_call=(statements_after - statements_before) / calls_total,
        transactions_per_call=(transactions_after - transactions_before) / calls_total,
    )


def table(results: list[Result]) -> str:
    base = {r.clients: r.rate for r in results if r.replicas == 1}
    lines = [
        "| replicas | clients | calls/s | vs 1 replica | p50 ms | p99 ms | errors | replica CPU ms/call | "
        "PostgreSQL CPU ms/call | statements/call | transactions/call |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.rate / base[r.clients] if r.clients in base else float("nan")
        lines.append(
            f"| {r.replicas} | {r.clients} | {r.rate:.0f} | {ratio:.2f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
            f"{r.errors} | {r.replica_cpu_ms_per_call:.2f} | {r.postgres_cpu_ms_per_call:.2f} | "
            f"{r.statements_per_call:.2f} | {r.transactions_per_call:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2, help="measurements per configuration (the median is kept)")
    parser.add_argument(
        "--fsync",
        choices=["on", "off"],
        default="on",
        help="PostgreSQL's fsync: on (durable, the default) or off (shows the CPU cost without the disk's flushes)",
    )
    parser.add_argument(
        "--affinity",
        choices=["off", "episode"],
        default="off",
        help="the balancer's routing: off (round-robin, the worst case) or episode (an episode's calls to one replica)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    print(
        f"{os.cpu_count()} cores; {args.clients} clients; {args.seconds:g} s per measurement; fsync {args.fsync}; "
        f"affinity {args.affinity}",
        file=sys.stderr,
    )
    settings = (f"fsync={args.fsync}", "shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all")
    results: list[Result] = []
    with postgres_cluster(settings) as admin_url:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        postmaster = _postmaster_pid(admin_url)
        for count in args.replicas:
            rounds = [
                measure(admin_url, postmaster, count, args.clients, args.seconds, args.affinity)
                for _ in range(args.rounds)
            ]
            for sample in rounds:
                print(f"  {count} replica(s): {sample.rate:.0f} calls/s, p50 {sample.p50_ms:.1f} ms", file=sys.stderr)
            results.append(sorted(rounds, key=lambda r: r.rate)[len(rounds) // 2])
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"rate": r.rate} for r in results], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
