# Writing an export must not leave file descriptors open: each day's file (and the manifest)
# is written through tempfile.mkstemp, which returns an already-open descriptor.
import json
import os
import tempfile

from app.export.partitions import write_partitions


def open_fds() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except FileNotFoundError:  # no /proc: probe the descriptors directly
        count = 0
        for fd in range(1024):
            try:
                os.fstat(fd)
            except OSError:
                continue
            count += 1
        return count


events = [{"ts": f"2024-03-{day:02d}T12:00:00Z", "id": day} for day in range(1, 31)]
with tempfile.TemporaryDirectory(dir=".") as out_dir:
    before = open_fds()
    written = write_partitions(events, out_dir)
    leaked = open_fds() - before
    assert len(written) == 30, written
    with open(os.path.join(out_dir, "manifest.json"), encoding="utf-8") as handle:
        assert json.load(handle) == {"files": written, "events": 30}
    with open(os.path.join(out_dir, "events-2024-03-07.jsonl"), encoding="utf-8") as handle:
        assert json.loads(handle.read()) == {"id": 7, "ts": "2024-03-07T12:00:00Z"}
    assert sorted(os.listdir(out_dir)) == sorted(written + ["manifest.json"]), "temporary files left behind"

assert leaked < 3, f"writing 30 day files and a manifest left {leaked} file descriptors open (one per file)"
