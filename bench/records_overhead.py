"""What recording every episode in SQLite costs per env call: reset, submit, finish and a reload.

    .venv/bin/python bench/records_overhead.py [--episodes 300]

Compares the env core with no recorder (memory only), the SQLite record in `:memory:`, and a WAL file
(`synchronous=NORMAL`, the server's default) in a temporary folder. `run_python` is left out: its cost is
a process spawn (~20 ms), beside which a ~0.1 ms insert does not register. Medians in microseconds; the
machine's noise is ±20-30 %, so compare the columns of one run, not runs with each other.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.live_episodes import StoreLimits
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.models import ReviewAction
from coding_env_mcp.records.sqlite import SqliteRecords
from coding_env_mcp.sandbox import default_sandbox

FINDING = ReviewAction(
    file_path="app/db/users.py",
    line_number=40,
    issue_type="security",
    bug_type="security",
    severity="high",
    confidence=0.8,
    review="SQL injection through the ORDER BY direction, which is user input and not validated.",
)


def timed(samples: list[float], call: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = call()
    samples.append((time.perf_counter() - started) * 1e6)
    return result


def measure(env: ReviewEnv, episodes: int) -> dict[str, float]:
    resets: list[float] = []
    submits: list[float] = []
    finals: list[float] = []
    grades: list[float] = []
    ids = []
    for _ in range(episodes):
        eid = timed(resets, lambda: env.reset(task_id="task_medium_1")).episode_id  # type: ignore[attr-defined]
        timed(submits, lambda eid=eid: env.submit(eid, FINDING.model_copy(update={"file_path": "app/other.py"})))
        timed(finals, lambda eid=eid: env.submit(eid, FINDING, final=True))
        timed(grades, lambda eid=eid: env.grade(eid))
        ids.append(eid)
    return {
        "reset": statistics.median(resets),
        "submit": statistics.median(submits),
        "submit final": statistics.median(finals),
        "get_grade": statistics.median(grades),
    }


def reload_cost(registry: TaskRegistry, path: Path, episodes: int) -> float:
    """Median time of a get_grade that misses the cache and reloads the episode from the file."""
    config = EnvConfig(store=StoreLimits(max_episodes=episodes + 1))
    with ReviewEnv(registry, default_sandbox(), config, recorder=SqliteRecords(path)) as env:
        ids = [row.episode_id for row in env.recorder.summaries(limit=episodes)]  # type: ignore[attr-defined]
        samples: list[float] = []
        for eid in ids:
            timed(samples, lambda eid=eid: env.grade(eid))
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=300)
    args = parser.parse_args()
    registry = TaskRegistry.load()
    config = EnvConfig(store=StoreLimits(max_episodes=args.episodes + 1))
    columns: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "episodes.db"
        for name, recorder in (
            ("memory only", None),
            ("sqlite :memory:", SqliteRecords(":memory:")),
            ("sqlite WAL file", SqliteRecords(path)),
        ):
            with ReviewEnv(registry, default_sandbox(), config, recorder=recorder) as env:
                measure(env, 20)  # warm up
                columns[name] = measure(env, args.episodes)
        reload = reload_cost(registry, path, args.episodes)
        size_kb = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1024
    names = list(columns)
    print(f"{'median µs':<14}" + "".join(f"{name:>18}" for name in names) + f"{'file overhead':>16}")
    for row in columns[names[0]]:
        cells = "".join(f"{columns[name][row]:>18.1f}" for name in names)
        overhead = columns["sqlite WAL file"][row] - columns["memory only"][row]
        print(f"{row:<14}{cells}{overhead:>+16.1f}")
    print(f"\nget_grade that reloads a finished episode from the file (cache miss): {reload:.1f} µs")
    episodes_written = args.episodes + 20
    print(
        f"database size: {size_kb:.0f} KiB for {episodes_written} episodes ({size_kb / episodes_written:.1f} KiB each)"
    )


if __name__ == "__main__":
    main()
