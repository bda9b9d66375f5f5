import gzip
import io
import json

import pytest

from app.ingest.feed import import_feed
from app.ingest.ndjson import FeedError, iter_records

RECORDS = [{"sku": f"P-{n}", "title": f"Product {n}", "price": n * 1.5} for n in range(1, 40)]
BODY = b"".join(json.dumps(record).encode() + b"\n" for record in RECORDS)


def chunked(data: bytes, size: int):
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 3, 17, 64, 4096])
def test_lines_split_across_chunks(size):
    assert list(iter_records(chunked(BODY, size))) == RECORDS


def test_last_line_without_newline():
    assert list(iter_records([b'{"a": 1}\n{"a": 2}'])) == [{"a": 1}, {"a": 2}]


def test_blank_lines_and_crlf():
    assert list(iter_records([b'{"a": 1}\r\n\r\n{"a": 2}\r\n'])) == [{"a": 1}, {"a": 2}]


def test_bad_line_reports_line_number():
    with pytest.raises(FeedError, match="line 2"):
        list(iter_records([b'{"a": 1}\n{"a": \n']))


def test_overlong_line():
    with pytest.raises(FeedError, match="longer than 10"):
        list(iter_records([b'{"a": "0123456789"'], max_line_chars=10))


def test_import_gzip_feed_in_batches():
    batches = []
    count = import_feed(io.BytesIO(gzip.compress(BODY)), {"Content-Encoding": "gzip"}, batches.append)
    assert count == len(RECORDS)
    assert [record for batch in batches for record in batch] == RECORDS
