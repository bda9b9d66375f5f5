"""GET /api/devices: the fleet table of the operator console."""
from datetime import datetime, timezone

from app.devices.filters import FilterError, parse_filter

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _device_json(device):
    return {
        "id": device.device_id,
        "name": device.name,
        "site": device.site,
        "status": device.status,
        "last_seen": device.last_seen.astimezone(timezone.utc).isoformat(),
        "tags": sorted(device.tags),
    }


def _page_params(query):
    try:
        page = int(query.get("page", "1"))
        size = int(query.get("page_size", str(DEFAULT_PAGE_SIZE)))
    except ValueError:
        return None
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        return None
    return page, size


def list_devices(store, query, now=None):
    """Return (status, body) for the device list; `query` is the parsed query string.

    `total` counts the devices that pass the filters, so the console's pager
    shows the filtered page count.
    """
    params = _page_params(query)
    if params is None:
        return 400, {"error": "page must be >= 1 and page_size between 1 and %d" % MAX_PAGE_SIZE}
    page, size = params
    try:
        device_filter = parse_filter(query)
    except FilterError as exc:
        return 400, {"error": str(exc)}
    now = now or datetime.now(timezone.utc)
    devices = [d for d in store.all() if device_filter.matches(d, now)]
    start = (page - 1) * size
    return 200, {
        "devices": [_device_json(d) for d in devices[start:start + size]],
        "total": len(devices),
        "page": page,
        "page_size": size,
    }
