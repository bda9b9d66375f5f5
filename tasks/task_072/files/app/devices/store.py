"""In-memory view of the kiosk fleet, refreshed from the device heartbeats."""
import threading
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Device:
    device_id: str
    name: str
    site: str
    status: str                      # "online" | "offline" | "maintenance"
    last_seen: datetime              # timezone-aware, UTC
    tags: frozenset = field(default_factory=frozenset)


class DeviceStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._devices = {}

    def upsert(self, device):
        with self._lock:
            self._devices[device.device_id] = device

    def get(self, device_id):
        with self._lock:
            return self._devices.get(device_id)

    def all(self):
        """Every device, sorted by name (then id, for devices sharing a name)."""
        with self._lock:
            devices = list(self._devices.values())
        return sorted(devices, key=lambda d: (d.name.lower(), d.device_id))
