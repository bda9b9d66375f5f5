"""One output stream of one call: keep the first bytes up to a cap, count the rest, find the end marker.

The kernel ends each call's output with a per-process random token. Everything read before the token
belongs to the call; bytes after it (a background thread still printing) are carried into the next
call. The stream keeps draining past the cap, so a flood of output never blocks the sandbox and never
costs the server more than `cap` bytes of memory.
"""

from __future__ import annotations


class CappedCapture:
    """Accumulates one call's bytes from one stream."""

    def __init__(self, token: bytes, cap: int, carried: bytes = b""):
        self._token = token
        self._cap = cap
        self._hold = b""  # a tail that might be the start of a token split across reads
        self.kept = bytearray()
        self.dropped = 0
        self.ended = False
        self.after = b""
        if carried:
            self.feed(carried)

    def _commit(self, data: bytes | memoryview) -> None:
        room = self._cap - len(self.kept)
        if room > 0:
            self.kept += data[:room]
        self.dropped += max(0, len(data) - max(room, 0))

    def feed(self, data: bytes) -> None:
        """Add bytes read from the stream (after the token, they are kept aside for the next call)."""
        if self.ended:
            self.after += data
            return
        token, keep = self._token, len(self._token) - 1
        # A token may straddle the previous read and this one: look at the joint first.
        joint = self._hold + data[:keep]
        index = joint.find(token)
        if index >= 0:
            self._commit(joint[:index])
            self._end(joint[index + len(token) :] + data[keep:])
            return
        index = data.find(token)
        if index >= 0:
            self._commit(self._hold)
            self._commit(memoryview(data)[:index])
            self._end(data[index + len(token) :])
            return
        combined_length = len(self._hold) + len(data)
        if combined_length <= keep:
            self._hold += data
            return
        if len(data) >= keep:
            self._commit(self._hold)
            self._commit(memoryview(data)[: len(data) - keep])
            self._hold = data[len(data) - keep :]
        else:
            joined = self._hold + data
            self._commit(joined[: len(joined) - keep])
            self._hold = joined[len(joined) - keep :]

    def _end(self, after: bytes) -> None:
        self.ended = True
        self._hold = b""
        self.after = after

    def close(self) -> None:
        """The stream ended (or the call was abandoned): whatever was held back is output too."""
        if not self.ended:
            self._commit(self._hold)
            self._hold = b""

    def text(self) -> tuple[str, bool]:
        """The kept output as text, with a marker saying how much was cut; and whether it was cut."""
        text = self.kept.decode("utf-8", errors="replace")
        if self.dropped:
            text += f"\n[... output truncated: {self.dropped} more bytes not shown ...]\n"
        return text, bool(self.dropped)
