"""Nightly price feed: normalise a supplier's CSV and publish it for the pricing service."""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from datetime import date

from pricefeed.normalise import FIELDS, RowError, normalise
from pricefeed.publish import publish
from pricefeed.workspace import Scratch

#: A feed with more rejected rows than this share is not published at all.
MAX_REJECTED_SHARE = 0.05


@dataclass
class Result:
    published: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line in the feed, reason)


class FeedRejected(RuntimeError):
    def __init__(self, result: Result) -> None:
        super().__init__(f"{len(result.rejected)} of {result.published + len(result.rejected)} rows rejected")
        self.result = result


def run(feed_path: str, dest: str, feed: str, day: date, keep_scratch: bool = False) -> Result:
    """Normalise the feed and publish it at `dest`.

    Rows that cannot be normalised are left out and reported. If there are none to publish, or more
    than MAX_REJECTED_SHARE of the rows are rejected, FeedRejected is raised and `dest` is untouched.
    """
    result = Result()
    with Scratch(feed, day, keep=keep_scratch) as scratch:
        with open(feed_path, newline="", encoding="utf-8-sig") as src, scratch.open() as out:
            writer = csv.writer(out)
            writer.writerow(FIELDS)
            reader = csv.DictReader(src)
            for row in reader:
                try:
                    writer.writerow(normalise(row))
                except RowError as exc:
                    result.rejected.append((reader.line_num, str(exc)))
                else:
                    result.published += 1
        total = result.published + len(result.rejected)
        if not result.published or len(result.rejected) > total * MAX_REJECTED_SHARE:
            raise FeedRejected(result)
        publish(scratch.path, dest)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("feed", help="the supplier's CSV file")
    parser.add_argument("dest", help="where the pricing service reads this supplier's prices")
    parser.add_argument("--name", required=True, help="the feed's name, e.g. acme")
    parser.add_argument("--day", type=date.fromisoformat, default=date.today(), help="the feed's day (default: today)")
    parser.add_argument("--keep-scratch", action="store_true", help="keep the scratch file, for debugging")
    args = parser.parse_args(argv)
    try:
        result = run(args.feed, args.dest, args.name, args.day, args.keep_scratch)
    except FeedRejected as exc:
        result = exc.result
        status = 2
        print(f"not published: {exc}", file=sys.stderr)
    else:
        status = 0
        print(f"published {result.published} prices to {args.dest}")
    for line, reason in result.rejected:
        print(f"line {line}: {reason}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
