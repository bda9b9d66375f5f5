"""Putting back the stock of holds that were neither shipped nor cancelled in time."""

from __future__ import annotations

import logging
import threading

from warehouse.reservations import ReservationBook

log = logging.getLogger(__name__)


class HoldExpirer:
    """A background thread that releases expired holds every `interval` seconds."""

    def __init__(self, book: ReservationBook, interval: float = 30.0) -> None:
        if not 0 < interval <= 3600:
            raise ValueError(f"interval must be more than 0 and at most 3600 seconds, not {interval!r}")
        self._book = book
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="hold-expirer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and wait for it; a pass in progress finishes first."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def run_once(self) -> int:
        """Release every hold that is past its expiry; how many were released."""
        released = 0
        for hold_id in self._book.expired_ids():
            if self._book.expire(hold_id):  # False: cancelled or committed since it was listed
                released += 1
        return released

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                released = self.run_once()
            except Exception:  # keep expiring on the next pass; a dead expirer would strand stock for good
                log.exception("releasing expired holds failed; trying again in %.0f s", self._interval)
            else:
                if released:
                    log.info("released %d expired holds", released)
