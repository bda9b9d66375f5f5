"""csvsplit: split a large CSV file into numbered parts of at most N data rows each.

    python -m tools.csvsplit exports/customers.csv --rows 50000 --out-dir parts/

writes parts/customers-001.csv, parts/customers-002.csv, ... By default the first row of the input
is its header and is repeated at the top of every part; pass --no-header for headerless input.
"""

import argparse
import csv
import sys
from pathlib import Path

DEFAULT_ROWS = 100_000


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def one_character(text: str) -> str:
    if len(text) != 1:
        raise argparse.ArgumentTypeError(f"must be a single character, got {text!r}")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="csvsplit", description="Split a CSV file into numbered parts.")
    parser.add_argument("input", type=Path, help="the CSV file to split")
    parser.add_argument(
        "--rows",
        type=positive_int,
        default=DEFAULT_ROWS,
        help="data rows per part, not counting the header (default: %(default)s)",
    )
    parser.add_argument("--out-dir", type=Path, default=Path("."), help="where to write the parts (default: .)")
    parser.add_argument(
        "--no-header",
        dest="header",
        action="store_true",
        default=True,
        help="the input has no header row: split every row, repeat no header",
    )
    parser.add_argument("--delimiter", type=one_character, default=",", help="field delimiter (default: ,)")
    return parser


def split_csv(
    source: Path,
    out_dir: Path,
    rows_per_part: int,
    header: bool = True,
    delimiter: str = ",",
) -> list[Path]:
    """Split `source` into parts of at most `rows_per_part` data rows; returns the parts in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    handle = None
    writer = None
    rows_in_part = 0
    with source.open(newline="", encoding="utf-8") as infile:
        reader = csv.reader(infile, delimiter=delimiter)
        header_row = next(reader, None) if header else None
        try:
            for row in reader:
                if writer is None or rows_in_part > rows_per_part:
                    if handle is not None:
                        handle.close()
                    path = out_dir / f"{source.stem}-{len(parts) + 1:03d}.csv"
                    handle = path.open("w", newline="", encoding="utf-8")
                    writer = csv.writer(handle, delimiter=delimiter)
                    if header_row is not None:
                        writer.writerow(header_row)
                    parts.append(path)
                    rows_in_part = 0
                writer.writerow(row)
                rows_in_part += 1
        finally:
            if handle is not None:
                handle.close()
    return parts


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        parts = split_csv(args.input, args.out_dir, args.rows, header=args.header, delimiter=args.delimiter)
    except FileNotFoundError:
        print(f"csvsplit: {args.input}: no such file", file=sys.stderr)
        return 1
    except (csv.Error, UnicodeDecodeError) as exc:
        print(f"csvsplit: {args.input}: {exc}", file=sys.stderr)
        return 1
    print(f"csvsplit: wrote {len(parts)} part(s) to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    main()
