"""logscan: print the records of the service's log files that match a level and a pattern."""

import argparse
import re
import sys
from collections import Counter

from logscan.context import with_context
from logscan.parse import LEVEL_RANK, LEVELS, Record
from logscan.reader import read_lines, records

EPILOG = """\
A record is a log line plus the lines that continue it, such as a traceback. Give rotated files
oldest first (app.log.2.gz app.log.1 app.log): records and context carry on across them.
Exit status, as grep's: 0 if a record matched, 1 if none did, 2 if there was an error.
"""


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="logscan", description=__doc__.partition(": ")[2], epilog=EPILOG)
    parser.add_argument("files", nargs="*", default=["-"], metavar="FILE", help="log files, .gz too; - is stdin")
    parser.add_argument("--level", choices=LEVELS, default="INFO", help="lowest level to show (default INFO)")
    parser.add_argument("-e", "--grep", metavar="REGEX", help="only records with a line that matches REGEX")
    parser.add_argument("-i", "--ignore-case", action="store_true", help="match REGEX regardless of case")
    parser.add_argument(
        "-C", "--context", type=non_negative_int, default=0, metavar="N", help="show N records before and after each"
    )
    parser.add_argument("-c", "--count", action="store_true", help="print how many records matched per level")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    pattern = None
    if args.grep is not None:
        try:
            pattern = re.compile(args.grep, re.IGNORECASE if args.ignore_case else 0)
        except re.error as exc:
            parser.error(f"bad --grep pattern: {exc}")  # exits with status 2
    threshold = LEVEL_RANK[args.level]

    def is_match(record: Record) -> bool:
        if LEVEL_RANK[record.level] < threshold:
            return False
        return pattern is None or any(pattern.search(line) for line in record.text.split("\n"))

    failed = []

    def report(path: str, exc: Exception) -> None:
        failed.append(path)
        print(f"logscan: {path}: {exc}", file=sys.stderr)

    matched: Counter[str] = Counter()
    context = 0 if args.count else args.context
    for shown in with_context(records(read_lines(args.files, report)), is_match, context):
        if shown is None:
            print("--")
            continue
        record, hit = shown
        if hit:
            matched[record.level] += 1
        if not args.count:
            print(record.text)
    if args.count:
        for level in LEVELS:
            if LEVEL_RANK[level] >= threshold:
                print(f"{level} {matched[level]}")
    if failed:
        return 2
    return 0 if matched.total() else 1
