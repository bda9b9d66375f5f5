import csv

from tools.csvsplit import split_csv


def write_csv(path, rows):
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)


def read_csv(path):
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


def test_splits_into_numbered_parts(tmp_path):
    source = tmp_path / "customers.csv"
    write_csv(source, [["id", "email"]] + [[str(i), f"user{i}@example.com"] for i in range(10)])
    parts = split_csv(source, tmp_path / "out", rows_per_part=5)
    assert [part.name for part in parts] == ["customers-001.csv", "customers-002.csv"]


def test_every_part_starts_with_the_header(tmp_path):
    source = tmp_path / "customers.csv"
    write_csv(source, [["id", "email"]] + [[str(i), f"user{i}@example.com"] for i in range(10)])
    for part in split_csv(source, tmp_path / "out", rows_per_part=4):
        assert read_csv(part)[0] == ["id", "email"]


def test_empty_input_writes_no_parts(tmp_path):
    source = tmp_path / "empty.csv"
    write_csv(source, [["id", "email"]])
    assert split_csv(source, tmp_path / "out", rows_per_part=5) == []
