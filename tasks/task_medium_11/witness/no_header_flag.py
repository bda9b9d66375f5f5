# --no-header must make csvsplit treat every row of a headerless file as data.
import csv
import tempfile
from pathlib import Path

from tools.csvsplit import build_parser, split_csv

args = build_parser().parse_args(["dump.csv", "--no-header"])
assert args.header is False, f"--no-header left header={args.header!r}"
assert build_parser().parse_args(["dump.csv"]).header is True, "headers stay on by default"

root = Path(tempfile.mkdtemp())
source = root / "dump.csv"
rows = [[str(i), f"acct-{i}"] for i in range(1, 6)]
with source.open("w", newline="") as handle:
    csv.writer(handle).writerows(rows)
parts = split_csv(source, root / "out", rows_per_part=10, header=args.header)
with parts[0].open(newline="") as handle:
    written = list(csv.reader(handle))
assert written == rows, f"a headerless file split with --no-header came out as {written}"
