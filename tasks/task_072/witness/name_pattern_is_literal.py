# The name filter promises that only * and ? are wildcards: everything else in the pattern must match
# itself. Regex syntax typed by the user must neither change what matches (".", "+", "(") nor error out,
# and a nested-quantifier pattern must be a plain literal (no backtracking blow-up).
from datetime import datetime, timedelta, timezone

from app.devices.filters import compile_name_pattern
from app.devices.store import Device, DeviceStore
from app.handlers.devices import list_devices

NOW = datetime(2024, 5, 2, 12, 0, tzinfo=timezone.utc)

store = DeviceStore()
for i, name in enumerate(["pos.lane-1", "posXlane-1", "a+b-terminal", "aab-terminal", "gate(7)"]):
    store.upsert(Device(f"d{i}", name, "hq", "online", NOW - timedelta(minutes=1)))


def names(pattern):
    status, body = list_devices(store, {"name": pattern}, now=NOW)
    assert status == 200, f"name={pattern!r} gave HTTP {status}: {body}"
    return [d["name"] for d in body["devices"]]


got = names("pos.lane-*")
assert got == ["pos.lane-1"], f"'.' was treated as a regex wildcard: {got}"
got = names("a+b-*")
assert got == ["a+b-terminal"], f"'+' was treated as a regex quantifier: {got}"
got = names("gate(7)")
assert got == ["gate(7)"], f"parentheses were treated as a regex group: {got}"
for typed in ["[", "gate(", "*)"]:
    names(typed)  # must be a 200 with no matches, not an unhandled re.error

# a nested-quantifier pattern is just text: the compiled regex has no quantified group
compiled = compile_name_pattern("(.+)+!")
assert "(.+)+" not in compiled.pattern, f"user regex syntax compiled as-is: {compiled.pattern!r}"
assert compiled.match("(.+)+!") and not compiled.match("aaaaaaaaaaaaaaaaaaaaaaaa")
