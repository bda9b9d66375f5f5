import contextlib
import gzip
import io
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from logscan.cli import main

LOG = """\
2024-05-01T10:00:00.000Z DEBUG billing.worker: picked up invoice 118
2024-05-01T10:00:00.120Z INFO billing.worker: charged invoice 118
2024-05-01T10:00:01.000Z WARNING billing.retry: card declined, retrying in 60s
2024-05-01T10:01:01.000Z ERROR billing.worker: giving up on invoice 118
Traceback (most recent call last):
  File "billing/worker.py", line 88, in charge
CardDeclined: insufficient funds
2024-05-01T10:01:02.000Z INFO billing.worker: picked up invoice 119
"""


class CliTest(unittest.TestCase):
    def run_cli(self, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main(list(args))
        return status, out.getvalue().splitlines()

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.log = Path(tmp.name) / "app.log"
        self.log.write_text(LOG, encoding="utf-8")

    def test_default_level_is_info(self):
        status, lines = self.run_cli(str(self.log))
        self.assertEqual(status, 0)
        levels = [line.split()[1] for line in lines if line.startswith("2024")]
        self.assertEqual(levels, ["INFO", "WARNING", "ERROR", "INFO"])

    def test_level(self):
        status, lines = self.run_cli("--level", "WARNING", str(self.log))
        self.assertEqual([line.split()[1] for line in lines if line.startswith("2024")], ["WARNING", "ERROR"])

    def test_grep_matches_any_line_of_a_record(self):
        status, lines = self.run_cli("-e", "^cardDECLINED", "-i", str(self.log))
        self.assertEqual(status, 0)
        self.assertEqual(lines, LOG.splitlines()[3:7])

    def test_context_and_separator(self):
        status, lines = self.run_cli("--level", "DEBUG", "-e", "picked up", "-C", "1", str(self.log))
        self.assertEqual(lines, [LOG.splitlines()[0], LOG.splitlines()[1], "--", *LOG.splitlines()[3:]])

    def test_count_and_exit_status(self):
        counts = ["INFO 2", "WARNING 0", "ERROR 1", "CRITICAL 0"]
        self.assertEqual(self.run_cli("-c", "-e", "invoice", str(self.log)), (0, counts))
        self.assertEqual(self.run_cli("-e", "refund", str(self.log)), (1, []))

    def test_gzip_stdin_and_unreadable_files(self):
        rotated = self.log.with_suffix(".log.1.gz")
        rotated.write_bytes(gzip.compress(LOG.encode()))
        stdin = io.TextIOWrapper(io.BytesIO(b"2024-05-02T00:00:00Z ERROR api: bad byte \xff\n"))
        with mock.patch("sys.stdin", stdin), contextlib.redirect_stderr(io.StringIO()) as err:
            status, lines = self.run_cli("--level", "ERROR", str(rotated), "missing.log", "-")
        self.assertEqual(status, 2)
        self.assertIn("missing.log", err.getvalue())
        self.assertEqual(lines, LOG.splitlines()[3:7] + ["2024-05-02T00:00:00Z ERROR api: bad byte \ufffd"])
