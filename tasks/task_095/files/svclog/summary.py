"""The on-call digest: what happened in a batch of log records."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, Iterable, List, Optional, Sequence

from .reader import Record


def percentile(values: Sequence[float], pct: int) -> float:
    """Nearest-rank percentile: the smallest of the values such that at least
    pct percent of them are less than or equal to it."""
    if not values:
        raise ValueError("percentile() of no values")
    if not 0 < pct <= 100:
        raise ValueError(f"pct must be in 1..100, not {pct}")
    ordered = sorted(values)
    rank = -(-len(ordered) * pct // 100)
    return ordered[rank - 1]


@dataclass
class RouteStats:
    requests: int = 0
    server_errors: int = 0
    elapsed_ms: List[float] = field(default_factory=list)

    @property
    def p95_ms(self) -> float:
        return percentile(self.elapsed_ms, 95)


@dataclass
class Summary:
    lines: int = 0
    by_level: Counter = field(default_factory=Counter)
    first: Optional[datetime] = None
    last: Optional[datetime] = None
    error_samples: List[str] = field(default_factory=list)
    routes: Dict[str, RouteStats] = field(default_factory=dict)


def summarise(records: Iterable[Record], max_samples: int = 5) -> Summary:
    summary = Summary()
    for record in records:
        summary.lines += 1
        summary.by_level[record.level] += 1
        if summary.first is None or record.ts < summary.first:
            summary.first = record.ts
        if summary.last is None or record.ts > summary.last:
            summary.last = record.ts
        if record.level == "ERROR" and len(summary.error_samples) < max_samples:
            summary.error_samples.append(f"{record.logger}: {record.message}")
        request = record.request
        if request is not None:
            key = f"{request.method} {request.route}"
            stats = summary.routes.setdefault(key, RouteStats())
            stats.requests += 1
            if request.status >= 500:
                stats.server_errors += 1
            stats.elapsed_ms.append(request.elapsed_ms)
    return summary


def render(summary: Summary, slowest: int = 5) -> str:
    """Plain-text digest for the on-call e-mail."""
    if not summary.lines:
        return "No log lines."
    out = [
        f"{summary.lines} lines from {summary.first:%Y-%m-%d %H:%M} "
        f"to {summary.last:%Y-%m-%d %H:%M} UTC",
        "Levels: " + ", ".join(f"{lvl} {n}" for lvl, n in sorted(summary.by_level.items())),
    ]
    if summary.error_samples:
        out.append("Errors:")
        out.extend(f"  {sample}" for sample in summary.error_samples)
    if summary.routes:
        ranked = sorted(summary.routes.items(), key=lambda item: (-item[1].p95_ms, item[0]))
        out.append("Slowest routes (p95):")
        out.extend(
            f"  {key}: {stats.p95_ms:.1f} ms, {stats.requests} requests, "
            f"{stats.server_errors} 5xx"
            for key, stats in ranked[:slowest]
        )
    return "\n".join(out)
