from datetime import datetime, timezone

from app.devices.store import Device, DeviceStore
from app.handlers.devices import list_devices

NOW = datetime(2024, 5, 2, 12, 0, tzinfo=timezone.utc)


def make_store(names):
    store = DeviceStore()
    for i, name in enumerate(names):
        store.upsert(Device(f"d{i}", name, "hq", "online", NOW))
    return store


def test_list_sorted_by_name():
    status, body = list_devices(make_store(["b", "A", "c"]), {})
    assert status == 200
    assert [d["name"] for d in body["devices"]] == ["A", "b", "c"]
    assert body["total"] == 3


def test_paging():
    store = make_store([f"kiosk-{i:02d}" for i in range(5)])
    status, body = list_devices(store, {"page": "2", "page_size": "2"})
    assert status == 200
    assert [d["name"] for d in body["devices"]] == ["kiosk-02", "kiosk-03"]


def test_bad_paging():
    assert list_devices(make_store([]), {"page": "0"})[0] == 400
    assert list_devices(make_store([]), {"page_size": "x"})[0] == 400
