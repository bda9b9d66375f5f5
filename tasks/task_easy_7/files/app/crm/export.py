"""CSV export of contacts for the warehouse loader."""

import csv
import os
import secrets
from collections.abc import Iterable
from datetime import date, datetime

from app.crm.contacts import Contact

COLUMNS = (
    "contact_id",
    "full_name",
    "email",
    "company",
    "phone",
    "notes",
    "lifetime_orders",
    "opted_in",
    "created_at",
    "last_order_on",
)


def _cell(value: object) -> str | int:
    """How one field is written: None is an empty cell, booleans are 0/1, dates are ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def contact_row(contact: Contact) -> list:
    return [_cell(getattr(contact, column)) for column in COLUMNS]


def write_contacts_csv(contacts: Iterable[Contact], path: str) -> int:
    """Write `contacts` to `path` as UTF-8 CSV with a header row; return the number of contacts written.

    Notes and names may contain commas, quotes and line breaks: the csv module quotes those
    cells, and the file is opened with newline="" so embedded line breaks are kept as they are.

    The loader polls the drop folder for `*.csv`, so the rows go to a hidden temporary file in the
    same folder that is renamed over `path` only once it is complete: the loader sees the previous
    export or the new one, never a partial file. If writing fails, the temporary file is removed.
    """
    directory, name = os.path.split(path)
    tmp_path = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.tmp")
    count = 0
    handle = open(tmp_path, "x", encoding="utf-8", newline="")  # "x": never write into an existing file
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for contact in contacts:
                writer.writerow(contact_row(contact))
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_path, path)  # atomic on POSIX: same folder, same file system
    except BaseException:
        os.unlink(tmp_path)
        raise
    return count
