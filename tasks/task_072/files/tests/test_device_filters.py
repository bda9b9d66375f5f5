from datetime import datetime, timedelta, timezone

import pytest

from app.devices.filters import FilterError, compile_name_pattern, parse_duration, parse_filter
from app.devices.store import Device, DeviceStore
from app.handlers.devices import list_devices

NOW = datetime(2024, 5, 2, 12, 0, tzinfo=timezone.utc)


def fleet():
    store = DeviceStore()
    rows = [
        ("d1", "kiosk-lobby-01", "hq", "online", 5, {"printer"}),
        ("d2", "kiosk-lobby-02", "hq", "offline", 300, set()),
        ("d3", "kiosk-cafe-01", "hq", "maintenance", 30, {"printer"}),
        ("d4", "Kiosk-Gate-7", "airport", "online", 1, {"scanner"}),
    ]
    for device_id, name, site, status, minutes_ago, tags in rows:
        store.upsert(Device(device_id, name, site, status,
                            NOW - timedelta(minutes=minutes_ago), frozenset(tags)))
    return store


def names(query):
    status, body = list_devices(fleet(), query, now=NOW)
    assert status == 200, body
    return [d["name"] for d in body["devices"]]


def test_name_wildcards():
    assert names({"name": "kiosk-lobby-*"}) == ["kiosk-lobby-01", "kiosk-lobby-02"]
    assert names({"name": "kiosk-?????-01"}) == ["kiosk-lobby-01"]
    assert names({"name": "*gate*"}) == ["Kiosk-Gate-7"]
    assert names({"name": "kiosk-lobby"}) == []


def test_whole_name_must_match():
    pattern = compile_name_pattern("kiosk-cafe-0?")
    assert pattern.match("KIOSK-CAFE-01")
    assert not pattern.match("kiosk-cafe-012")


def test_status_site_tag_and_seen():
    assert names({"status": "offline,maintenance"}) == ["kiosk-cafe-01", "kiosk-lobby-02"]
    assert names({"site": "AIRPORT"}) == ["Kiosk-Gate-7"]
    assert names({"tag": "printer", "seen_within": "1h"}) == ["kiosk-cafe-01", "kiosk-lobby-01"]


def test_total_counts_filtered_devices():
    status, body = list_devices(fleet(), {"name": "kiosk-lobby-*", "page_size": "1"}, now=NOW)
    assert status == 200
    assert body["total"] == 2
    assert len(body["devices"]) == 1


@pytest.mark.parametrize("query", [
    {"status": "lost"},
    {"seen_within": "soon"},
    {"name": "x" * 65},
])
def test_bad_filters_are_400(query):
    status, body = list_devices(fleet(), query, now=NOW)
    assert status == 400
    assert body["error"]


def test_parse_duration():
    assert parse_duration("90m") == timedelta(minutes=90)
    assert parse_duration("7D") == timedelta(days=7)
    with pytest.raises(FilterError):
        parse_duration("-1h")


def test_empty_parameters_are_ignored():
    f = parse_filter({"name": " ", "status": "", "tag": ""})
    assert f.name is None and not f.statuses and f.tag is None
