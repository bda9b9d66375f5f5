# A --set value that is not a TOML value is meant to be taken as the plain string typed. The PR
# re-parses it as value = "<raw>" without escaping, so backslashes in the text are read as TOML
# escapes: C:\temp\new becomes "C:<tab>emp<newline>ew", \\ becomes \, \" becomes ", and a
# stray quote makes the override fail with a TOML error instead of being taken as text.
from confkit.overrides import parse_override


def value_of(item):
    try:
        return parse_override(item)[1]
    except Exception as exc:  # reported as a failed assert below
        return f"raised {exc!r}"


cases = [
    (r"paths.tmp=C:\temp\new", "C:\\temp\\new"),
    (r"share=\\fileserver\backups", "\\\\fileserver\\backups"),
    (r'db.password=pa\"ss', 'pa\\"ss'),
    ('motd=say "hi', 'say "hi'),
]
for item, expected in cases:
    got = value_of(item)
    assert got == expected, f"--set {item}: expected the string {expected!r}, got {got!r}"

# TOML values are still read as TOML.
assert parse_override("database.port=5433") == (("database", "port"), 5433)
assert parse_override('name="api"') == (("name",), "api")
assert parse_override("log.level=debug") == (("log", "level"), "debug")
