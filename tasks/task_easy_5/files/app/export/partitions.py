"""Write cleaned events as one JSON-lines file per UTC day, plus a manifest.

The loader service polls the export directory and picks up every `events-*.jsonl` it finds,
so a file must appear complete or not at all.
"""

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping

MANIFEST_NAME = "manifest.json"
EXPORT_FILE_MODE = 0o644


def partition_key(event: Mapping) -> str:
    """Events are partitioned by the UTC day of their `ts` (an ISO 8601 string in UTC)."""
    return event["ts"][:10]


def group_by_day(events: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    days: dict[str, list[Mapping]] = defaultdict(list)
    for event in events:
        days[partition_key(event)].append(event)
    return dict(days)


def _atomic_write_text(path: str, text: str) -> None:
    """Write `text` to `path` so that readers never see a half-written file."""
    directory = os.path.dirname(path) or "."
    fd, tmp_path = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
    try:
        with open(tmp_path, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp creates the file 0600; the loader runs as a different user.
        os.chmod(tmp_path, EXPORT_FILE_MODE)
        os.replace(tmp_path, path)
    except BaseException:
        os.unlink(tmp_path)
        raise


def write_partitions(events: Iterable[Mapping], out_dir: str) -> list[str]:
    """Write one `events-YYYY-MM-DD.jsonl` per day into `out_dir`; return the file names written."""
    os.makedirs(out_dir, exist_ok=True)
    written = []
    total = 0
    for day, day_events in sorted(group_by_day(events).items()):
        name = f"events-{day}.jsonl"
        body = "".join(json.dumps(event, sort_keys=True) + "\n" for event in day_events)
        _atomic_write_text(os.path.join(out_dir, name), body)
        written.append(name)
        total += len(day_events)
    manifest = {"files": written, "events": total}
    _atomic_write_text(os.path.join(out_dir, MANIFEST_NAME), json.dumps(manifest, indent=2) + "\n")
    return written
