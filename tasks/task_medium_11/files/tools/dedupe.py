"""dedupe: drop repeated rows from a CSV file, keeping the first occurrence.

    python -m tools.dedupe exports/customers.csv --key email > customers-unique.csv
"""

import argparse
import csv
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dedupe", description="Drop repeated rows from a CSV file.")
    parser.add_argument("input", type=Path, help="the CSV file to read (it must have a header row)")
    parser.add_argument("--key", action="append", help="column(s) that identify a row (default: the whole row)")
    return parser


def dedupe(rows: csv.DictReader, key: list[str] | None, out) -> tuple[int, int]:
    """Write the first row for each key to `out`; returns (rows read, rows written)."""
    writer = csv.DictWriter(out, fieldnames=rows.fieldnames or [])
    writer.writeheader()
    seen = set()
    read = written = 0
    for row in rows:
        read += 1
        identity = tuple(row[name] for name in key) if key else tuple(row.values())
        if identity in seen:
            continue
        seen.add(identity)
        writer.writerow(row)
        written += 1
    return read, written


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with args.input.open(newline="", encoding="utf-8") as handle:
            rows = csv.DictReader(handle)
            missing = [name for name in args.key or [] if name not in (rows.fieldnames or [])]
            if missing:
                print(f"dedupe: no such column(s): {', '.join(missing)}", file=sys.stderr)
                return 2
            read, written = dedupe(rows, args.key, sys.stdout)
    except FileNotFoundError:
        print(f"dedupe: {args.input}: no such file", file=sys.stderr)
        return 1
    print(f"dedupe: kept {written} of {read} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
