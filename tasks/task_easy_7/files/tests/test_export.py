import csv
import os
from datetime import date, datetime, timezone

import pytest

from app.crm.contacts import Contact
from app.crm.export import COLUMNS, write_contacts_csv


def _contact(**overrides):
    fields = dict(
        contact_id=1,
        full_name="Ada Lovelace",
        email="ada@example.com",
        company=None,
        phone=None,
        notes="",
        lifetime_orders=0,
        opted_in=False,
        created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    )
    fields.update(overrides)
    return Contact(**fields)


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_header_and_count(tmp_path):
    path = tmp_path / "contacts.csv"
    assert write_contacts_csv([_contact(), _contact(contact_id=2)], str(path)) == 2
    rows = _read(path)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 3


def test_awkward_text_round_trips(tmp_path):
    notes = 'Called twice, said "send the quote"\nprefers e-mail'
    path = tmp_path / "contacts.csv"
    write_contacts_csv([_contact(full_name="O'Brien, Seán", notes=notes)], str(path))
    row = dict(zip(COLUMNS, _read(path)[1]))
    assert row["full_name"] == "O'Brien, Seán"
    assert row["notes"] == notes


def test_empty_and_falsy_values(tmp_path):
    path = tmp_path / "contacts.csv"
    write_contacts_csv([_contact(lifetime_orders=0, opted_in=False, last_order_on=None)], str(path))
    row = dict(zip(COLUMNS, _read(path)[1]))
    assert row["lifetime_orders"] == "0"
    assert row["opted_in"] == "0"
    assert row["company"] == ""
    assert row["last_order_on"] == ""


def test_dates_are_iso(tmp_path):
    path = tmp_path / "contacts.csv"
    write_contacts_csv([_contact(last_order_on=date(2024, 2, 29))], str(path))
    row = dict(zip(COLUMNS, _read(path)[1]))
    assert row["created_at"] == "2024-01-02T03:04:05+00:00"
    assert row["last_order_on"] == "2024-02-29"


def test_failed_export_keeps_the_previous_file(tmp_path):
    path = tmp_path / "contacts.csv"
    write_contacts_csv([_contact()], str(path))
    previous = path.read_bytes()

    def contacts():
        yield _contact(contact_id=2)
        raise RuntimeError("CRM connection lost")

    with pytest.raises(RuntimeError):
        write_contacts_csv(contacts(), str(path))
    assert path.read_bytes() == previous
    assert os.listdir(tmp_path) == ["contacts.csv"]
