# The export must read back, cell for cell, with the csv module: awkward text (commas, quotes,
# embedded CRLF and LF line breaks, non-ASCII), empty and falsy values, and dates.
import csv
import os
import tempfile
from datetime import date, datetime, timedelta, timezone

from app.crm.contacts import Contact
from app.crm.export import COLUMNS, write_contacts_csv

created = datetime(2024, 3, 31, 23, 59, 1, tzinfo=timezone(timedelta(hours=2)))
contacts = [
    Contact(1, "O'Brien, Seán", "sean@example.ie", 'Acme "Global", Ltd', "+353 1 555 0100",
            'said "call back"\r\nthen:\nno answer', 3, True, created, date(2024, 2, 29)),
    Contact(2, "李雷", "li@example.cn", None, None, "", 0, False, created),
    Contact(3, "  padded  ", "p@example.com", "", "0044", "trailing,comma,", 12, False, created, None),
]
expected = [
    ["1", "O'Brien, Seán", "sean@example.ie", 'Acme "Global", Ltd', "+353 1 555 0100",
     'said "call back"\r\nthen:\nno answer', "3", "1", "2024-03-31T23:59:01+02:00", "2024-02-29"],
    ["2", "李雷", "li@example.cn", "", "", "", "0", "0", "2024-03-31T23:59:01+02:00", ""],
    ["3", "  padded  ", "p@example.com", "", "0044", "trailing,comma,", "12", "0", "2024-03-31T23:59:01+02:00", ""],
]

with tempfile.TemporaryDirectory(dir=".") as tmp:
    path = os.path.join(tmp, "contacts.csv")
    written = write_contacts_csv((contact for contact in contacts), path)  # a one-shot iterator
    assert written == 3, written
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "rb") as handle:
        raw = handle.read()
    assert write_contacts_csv([], path) == 0
    with open(path, encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [list(COLUMNS)]

assert rows[0] == list(COLUMNS), rows[0]
assert rows[1:] == expected, rows[1:]
assert not raw.startswith(b"\xef\xbb\xbf"), "no byte order mark"
assert b"\r\r\n" not in raw, "line endings must not be doubled"
