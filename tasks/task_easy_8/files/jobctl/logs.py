"""`jobctl logs`: print the log of a finished or running job."""

import argparse
import re
import sys
from pathlib import Path

LOG_ROOT = Path("/var/lib/jobctl/logs")

Numbered = list[tuple[int, str]]


def log_path(job_id: str, root: Path = LOG_ROOT) -> Path:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", job_id):
        raise ValueError(f"invalid job id: {job_id!r}")
    return root / f"{job_id}.log"


def read_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.read().splitlines()


def parse_range(text: str) -> tuple[int, int | None]:
    """Parse `START-END` (1-based and inclusive, like `sed -n START,ENDp`); `START-` runs to the end."""
    match = re.fullmatch(r"(\d+)-(\d*)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected START-END, got {text!r}")
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else None
    if start < 1 or (end is not None and end < start):
        raise argparse.ArgumentTypeError(f"invalid line range {text!r}")
    return start, end


def select_range(numbered: Numbered, line_range: tuple[int, int | None]) -> Numbered:
    start, end = line_range
    if end is None:
        return numbered[start - 1 :]
    return numbered[start - 1 : end - 1]


def filter_lines(numbered: Numbered, pattern: str | None) -> Numbered:
    if pattern is None:
        return numbered
    regex = re.compile(pattern)
    return [(number, line) for number, line in numbered if regex.search(line)]


def select_tail(numbered: Numbered, count: int) -> Numbered:
    return numbered[-count:] if count > 0 else []


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobctl logs", description="Print a job's log.")
    parser.add_argument("job_id")
    parser.add_argument("--grep", metavar="REGEX", help="only print lines matching REGEX")
    window = parser.add_mutually_exclusive_group()
    window.add_argument(
        "--lines",
        metavar="START-END",
        type=parse_range,
        help="only print lines START to END of the log (1-based, inclusive; END may be omitted)",
    )
    window.add_argument("--tail", metavar="N", type=int, help="only print the last N (matching) lines")
    parser.add_argument("-n", "--line-numbers", action="store_true", help="prefix each line with its number")
    parser.add_argument("--root", type=Path, default=LOG_ROOT, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        lines = read_lines(log_path(args.job_id, args.root))
    except ValueError as exc:
        print(f"jobctl logs: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError:
        print(f"jobctl logs: no log for job {args.job_id}", file=sys.stderr)
        return 1
    numbered = list(enumerate(lines, start=1))
    if args.lines is not None:
        numbered = select_range(numbered, args.lines)
    numbered = filter_lines(numbered, args.grep)
    if args.tail is not None:
        numbered = select_tail(numbered, args.tail)
    for number, line in numbered:
        print(f"{number:>6}  {line}" if args.line_numbers else line)
    return 0
