"""Routing rules from an uploaded CSV file: a `sender,team` header, then one rule per line, in order.

The upload may be gzip-compressed (`Content-Encoding: gzip`); exports from the old help desk are.
"""

import csv
import io
import re
import zlib

from helpdesk.patterns import PatternError
from helpdesk.routing import Rule

MAX_CSV_BYTES = 256 * 1024  # after decompression
MAX_RULES = 500
TEAM_RE = re.compile(r"[a-z][a-z0-9-]{0,63}")


class RulesImportError(ValueError):
    """What is wrong with the upload; the admin page shows it as is."""


def decode_upload(body: bytes, content_encoding: str | None) -> str:
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "identity":
        data = body
    elif encoding == "gzip":
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(body, MAX_CSV_BYTES + 1)
        except zlib.error:
            raise RulesImportError("the upload is not valid gzip") from None
        if len(data) <= MAX_CSV_BYTES and (not inflater.eof or inflater.unused_data):
            raise RulesImportError("the upload is not one complete gzip file")
    else:
        raise RulesImportError(f"unsupported Content-Encoding {content_encoding!r}")
    if len(data) > MAX_CSV_BYTES:
        raise RulesImportError(f"the file is larger than {MAX_CSV_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesImportError("the file is not UTF-8") from None


def parse_rules(text: str) -> list[Rule]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or [cell.strip().lower() for cell in header] != ["sender", "team"]:
            raise RulesImportError("the first line must be the header `sender,team`")
        rules: list[Rule] = []
        seen: set[str] = set()
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            where = f"line {reader.line_num}"
            if len(row) != 2:
                raise RulesImportError(f"{where}: expected two columns, sender and team")
            if len(rules) == MAX_RULES:
                raise RulesImportError(f"{where}: at most {MAX_RULES} rules")
            team = row[1].strip()
            if not TEAM_RE.fullmatch(team):
                raise RulesImportError(f"{where}: {team[:64]!r} is not a team slug")
            try:
                rule = Rule(team, row[0])
            except PatternError as exc:
                raise RulesImportError(f"{where}: {exc}") from None
            if rule.sender in seen:
                raise RulesImportError(f"{where}: {rule.sender} already has a rule above")
            seen.add(rule.sender)
            rules.append(rule)
    except csv.Error as exc:
        raise RulesImportError(f"line {reader.line_num}: {exc}") from None
    if not rules:
        raise RulesImportError("the file has no rules")
    return rules
