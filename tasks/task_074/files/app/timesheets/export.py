"""CSV export of timesheet entries, for spreadsheets and the payroll importer."""

import codecs
import csv
import io
import itertools

from .cells import date_cell, flag_cell, hours_cell, text_cell

COLUMNS = ["date", "person", "project", "hours", "billable", "notes"]

#: The encodings the export offers: name -> (Python codec, charset for HTTP).
#: "excel" is UTF-8 with a byte order mark, without which Excel reads a UTF-8
#: CSV file as Windows-1252; the payroll importer only reads Windows-1252.
ENCODINGS = {
    "excel": ("utf-8-sig", "utf-8"),
    "utf-8": ("utf-8", "utf-8"),
    "windows-1252": ("cp1252", "windows-1252"),
}


class ExportEncodingError(ValueError):
    """A cell holds a character that the chosen encoding cannot represent."""

    def __init__(self, row, column, char, encoding):
        super().__init__(
            f"row {row}, column {column}: {char!r} (U+{ord(char):04X}) "
            f"cannot be written in {encoding}"
        )
        self.row = row
        self.column = column
        self.char = char


def _cells(entry):
    return [
        date_cell(entry.day),
        text_cell(entry.person),
        text_cell(entry.project),
        hours_cell(entry.hours),
        flag_cell(entry.billable),
        text_cell(entry.notes),
    ]


def to_csv(entries, encoding="excel"):
    """The export as bytes in `encoding`, a key of ENCODINGS.

    Raises ExportEncodingError naming the first cell that cannot be encoded;
    rows are numbered as a spreadsheet shows them, the header being row 1.
    """
    codec, _charset = ENCODINGS[encoding]
    encoder = codecs.getincrementalencoder(codec)()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    out = io.BytesIO()
    rows = itertools.chain([COLUMNS], map(_cells, entries))
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        try:
            out.write(encoder.encode(text.getvalue()))
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start]
            column = next(name for name, cell in zip(COLUMNS, row) if char in cell)
            raise ExportEncodingError(number, column, char, encoding) from None
        text.seek(0)
        text.truncate()
    out.write(encoder.encode("", final=True))
    return out.getvalue()
