# The export must read back, cell for cell, with the csv module: awkward text (commas, quotes,
# embedded CRLF and LF line breaks, non-ASCII), empty and falsy values, and dates.
# It must also be atomic for the loader that polls the drop folder for `*.csv`: while an export
# is being written, and after one fails, the folder holds the previous complete file and no other
# `*.csv`; a failed export leaves nothing behind; the file is created with the same permissions
# as a plainly opened file (the process umask), so the loader can read it as before; and no file
# descriptor stays open.
import csv
import os
import stat
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


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def open_fds():
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


with tempfile.TemporaryDirectory(dir=".") as tmp:
    path = os.path.join(tmp, "contacts.csv")
    written = write_contacts_csv((contact for contact in contacts), path)  # a one-shot iterator
    assert written == 3, written
    rows = read_rows(path)
    with open(path, "rb") as handle:
        raw = handle.read()

    reference = os.path.join(tmp, "reference")
    with open(reference, "w", encoding="utf-8"):
        pass
    expected_mode = stat.S_IMODE(os.stat(reference).st_mode)
    os.unlink(reference)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    assert mode == expected_mode, f"the export is created {oct(mode)}, a plainly opened file {oct(expected_mode)}"

    # While a new export is being written, the loader sees only the previous, complete file.
    seen_during_write = []

    def slow_contacts():
        for contact in contacts:
            seen_during_write.append(
                (sorted(name for name in os.listdir(tmp) if name.endswith(".csv")), read_rows(path))
            )
            yield contact

    fds = open_fds()
    assert write_contacts_csv(slow_contacts(), path) == 3
    for csv_files, visible in seen_during_write:
        assert csv_files == ["contacts.csv"], f"the loader would see {csv_files} while the export is written"
        assert visible == rows, "the loader would read a partial contacts.csv while the export is written"
    assert read_rows(path) == rows

    # A failed export keeps the previous file and leaves nothing behind.
    def failing_contacts():
        yield contacts[0]
        raise RuntimeError("CRM connection lost")

    try:
        write_contacts_csv(failing_contacts(), path)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the error from the contacts iterator was swallowed")
    assert read_rows(path) == rows, "a failed export replaced or truncated the previous file"
    assert os.listdir(tmp) == ["contacts.csv"], f"a failed export left files behind: {os.listdir(tmp)}"
    assert open_fds() == fds, "the export left a file descriptor open"

    assert write_contacts_csv([], path) == 0
    assert read_rows(path) == [list(COLUMNS)]
    assert os.listdir(tmp) == ["contacts.csv"], os.listdir(tmp)

assert rows[0] == list(COLUMNS), rows[0]
assert rows[1:] == expected, rows[1:]
assert not raw.startswith(b"\xef\xbb\xbf"), "no byte order mark"
assert b"\r\r\n" not in raw, "line endings must not be doubled"
