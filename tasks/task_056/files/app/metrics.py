"""Process-wide metrics: counters and gauges, exported by the /metrics endpoint."""

import logging
import threading

log = logging.getLogger(__name__)


class Counter:
    def __init__(self, name):
        self.name = name
        self._value = 0
        self._lock = threading.Lock()

    def inc(self, amount=1):
        with self._lock:
            self._value += amount

    @property
    def value(self):
        with self._lock:
            return self._value


class Registry:
    """Counters are created on first use. A gauge is a set of callables read at collection time; the gauge's
    value is the sum of their readings, so several instances of a component can report into one name."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counters = {}
        self._gauges = {}

    def counter(self, name):
        with self._lock:
            counter = self._counters.get(name)
            if counter is None:
                counter = self._counters[name] = Counter(name)
            return counter

    def add_gauge(self, name, read):
        """Add `read` to gauge `name`; returns a function that removes it again."""
        with self._lock:
            self._gauges.setdefault(name, []).append(read)

        def remove():
            with self._lock:
                readers = self._gauges.get(name, [])
                if read in readers:
                    readers.remove(read)

        return remove

    def collect(self):
        """Every metric's current value, by name."""
        with self._lock:
            counters = list(self._counters.values())
            gauges = {name: list(readers) for name, readers in self._gauges.items()}
        values = {counter.name: counter.value for counter in counters}
        for name, readers in gauges.items():
            total = 0
            for read in readers:
                try:
                    total += read()
                except Exception:
                    log.exception("reading gauge %s failed", name)
            values[name] = total
        return values


REGISTRY = Registry()
