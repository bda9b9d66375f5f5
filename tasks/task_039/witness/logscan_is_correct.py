# Clean PR: logscan's new options behave as documented. with_context is checked against a
# brute-force model (every item within N of a match, once, in order, "--" only between groups that
# are not adjacent, also for N = 0 and overlapping windows); files are closed and stdin is not;
# undecodable bytes do not stop a scan; unreadable or damaged files are reported, skipped and give
# exit status 2; no match gives 1, as grep does.
import contextlib
import gzip
import io
import itertools
import random
import tempfile
from pathlib import Path
from unittest import mock

from logscan import reader
from logscan.cli import main
from logscan.context import with_context

# 1. with_context against the model, exhaustively for short inputs and randomly for longer ones.
def model(flags, n):
    shown = sorted({j for i, hit in enumerate(flags) if hit for j in range(i - n, i + n + 1) if 0 <= j < len(flags)})
    out = []
    for prev, cur in zip([None] + shown, shown):
        if prev is not None and cur != prev + 1 and n > 0:
            out.append(None)
        out.append((cur, flags[cur]))
    return out


rng = random.Random(39)
cases = [list(flags) for size in range(9) for flags in itertools.product([False, True], repeat=size)]
cases += [[rng.random() < p for _ in range(rng.randrange(10, 80))] for p in (0.05, 0.2, 0.5) for _ in range(100)]
for flags in cases:
    for n in range(5):
        calls = []
        got = list(with_context(range(len(flags)), lambda i: calls.append(i) or flags[i], n))
        assert got == model(flags, n), (flags, n, got)
        assert calls == list(range(len(flags))), "is_match runs once per item, in order"
assert list(with_context(range(5), lambda i: i == 2, 10**12)) == [(0, False), (1, False), (2, True), (3, False),
                                                                 (4, False)], "a huge context is fine"

# 2. The command line, on real files.
LINES = [
    "2024-05-01T10:00:00.000Z DEBUG billing.worker: picked up invoice 118",
    "2024-05-01T10:00:00.120Z INFO billing.worker: charged invoice 118",
    "2024-05-01T10:00:01.000Z WARNING billing.retry: card declined \xff\xfe, retrying",
    "2024-05-01T10:01:01.000Z ERROR billing.worker: giving up on invoice 118",
    "Traceback (most recent call last):",
    "CardDeclined: insufficient funds",
    "2024-05-01T10:01:02.000Z INFO billing.worker: picked up invoice 119",
]
RAW = "\r\n".join(LINES).encode("latin-1") + b"\r\n"  # CRLF endings and two bytes that are not UTF-8
TEXT = [line.replace("\xff\xfe", "\ufffd\ufffd") for line in LINES]


def run(*args, stdin=b""):
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), mock.patch("sys.stdin", fake_stdin):
        try:
            status = main(list(args))
        except SystemExit as exc:
            status = exc.code
    assert not fake_stdin.buffer.closed, "stdin must be left open"
    return status, out.getvalue().split("\n")[:-1], err.getvalue()  # not splitlines(): a stray \r must show


opened = []
real_open, real_gzip_open = open, gzip.open


def tracking(opener):
    def wrapper(*args, **kwargs):
        handle = opener(*args, **kwargs)
        opened.append(handle)
        return handle
    return wrapper


with tempfile.TemporaryDirectory() as tmp, mock.patch.object(reader, "open", tracking(real_open), create=True), \
        mock.patch.object(reader.gzip, "open", tracking(real_gzip_open)):
    root = Path(tmp)
    log = root / "app.log"
    log.write_bytes(RAW)
    # A rotation that split a traceback: the continuation at the top of app.log belongs to the record before.
    (root / "app.log.1.gz").write_bytes(gzip.compress(b"2024-04-30T23:59:59Z ERROR api: boom\nTraceback (most\n"))
    full = gzip.compress(RAW * 50)
    (root / "truncated.gz").write_bytes(full[: len(full) // 2])
    (root / "corrupt.gz").write_bytes(full[:20] + bytes(b ^ 0x55 for b in full[20:60]) + full[60:])
    (root / "plain.gz").write_bytes(b"not gzip")

    status, lines, err = run(str(log))
    assert (status, lines, err) == (0, [TEXT[1], *TEXT[2:6], TEXT[6]], ""), (status, lines, err)
    status, lines, _ = run("--level", "ERROR", "-e", "^carddeclined:", "-i", str(log))
    assert (status, lines) == (0, TEXT[3:6]), "a record matches through any of its lines; ^ anchors at a line"
    status, lines, _ = run("--level", "DEBUG", "-e", "invoice 11[89]", "-C", "1", str(log))
    assert lines == [*TEXT[0:6], TEXT[6]], "overlapping windows: each record once, no separator"
    status, lines, _ = run("--level", "DEBUG", "-e", "picked up", "-C", "1", str(log))
    assert lines == [TEXT[0], TEXT[1], "--", *TEXT[3:6], TEXT[6]], lines
    status, lines, _ = run("--level", "DEBUG", "-e", "picked up", str(log))
    assert lines == [TEXT[0], TEXT[6]], "no separators without -C"
    status, lines, _ = run("-c", "-C", "3", "-e", "invoice|declined", str(log))
    assert (status, lines) == (0, ["INFO 2", "WARNING 1", "ERROR 1", "CRITICAL 0"]), lines
    assert run("-e", "refund", str(log))[:2] == (1, []), "nothing matched: status 1, as grep"
    assert run("-c", "-e", "refund", str(log))[:2] == (1, ["INFO 0", "WARNING 0", "ERROR 0", "CRITICAL 0"])
    status, lines, _ = run("--level", "ERROR", str(root / "app.log.1.gz"), str(log))
    assert lines == ["2024-04-30T23:59:59Z ERROR api: boom", "Traceback (most", *TEXT[3:6]], lines
    status, lines, _ = run("--level", "WARNING", "-", stdin=RAW)
    assert (status, lines) == (0, TEXT[2:6]), "stdin is read as bytes and decoded like files"
    assert run("--level", "WARNING", stdin=RAW)[:2] == (0, TEXT[2:6]), "no FILE means stdin"

    # Damaged or missing files: reported, skipped, status 2; the other files are still scanned.
    for bad in ("missing.log", "truncated.gz", "corrupt.gz", "plain.gz", "."):
        status, lines, err = run("--level", "ERROR", str(root / bad), str(log))
        assert status == 2 and bad.strip(".") in err and err.startswith("logscan: "), (bad, status, err)
        assert lines[-3:] == TEXT[3:6], (bad, lines[-3:])
    assert run("-C", "-1", str(log))[0] == 2 and run("-C", "x", str(log))[0] == 2
    assert run("-e", "(unclosed", str(log))[0] == 2

    assert opened and all(handle.closed for handle in opened), "every file the scan opened is closed"
print("ok")
