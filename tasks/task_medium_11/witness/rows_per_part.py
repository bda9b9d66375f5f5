# --rows N means at most N data rows per part (plus the header row).
import csv
import tempfile
from pathlib import Path

from tools.csvsplit import split_csv

root = Path(tempfile.mkdtemp())
source = root / "customers.csv"
with source.open("w", newline="") as handle:
    csv.writer(handle).writerows([["id", "email"]] + [[str(i), f"user{i}@example.com"] for i in range(7)])


def data_rows(part):
    with part.open(newline="") as handle:
        return len(list(csv.reader(handle))) - 1


sizes = [data_rows(part) for part in split_csv(source, root / "out3", rows_per_part=3)]
assert sizes == [3, 3, 1], f"7 rows split by 3 gave parts of {sizes} rows"
sizes = [data_rows(part) for part in split_csv(source, root / "out1", rows_per_part=1)]
assert sizes == [1] * 7, f"7 rows split by 1 gave parts of {sizes} rows"
