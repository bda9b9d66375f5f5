"""A bounded, thread-safe episode store: idle episodes expire, and the number open at once is capped.

Tools run concurrently in worker threads, and every transport shares one store, so all access goes
through one lock. The bound is what keeps a flood of `reset_episode` calls from exhausting memory.

With an episode record (`records/sqlite.py`) behind the env, this store is a cache of live episodes and their
sandboxes: an expired or evicted episode is not lost, the env reloads it from the record on next use.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class StoredEpisode(Protocol):
    episode_id: str
    last_used: float
    done: bool


E = TypeVar("E", bound=StoredEpisode)


class StoreFullError(RuntimeError):
    """No room for another episode: every slot holds an open, unexpired episode."""


@dataclass(frozen=True)
class StoreLimits:
    max_episodes: int = 1024
    idle_ttl_s: float = 3600.0


class EpisodeStore(Generic[E]):
    """Episodes by id, least recently used first. `on_evict` releases an episode's resources."""

    def __init__(
        self,
        limits: StoreLimits,
        on_evict: Callable[[E], None] = lambda episode: None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limits = limits
        self._episodes: dict[str, E] = {}
        self._lock = threading.Lock()
        self._on_evict = on_evict
        self._clock = clock

    def __len__(self) -> int:
        with self._lock:
            return len(self._episodes)

    def _expired(self, episode: E, now: float) -> bool:
        return now - episode.last_used > self.limits.idle_ttl_s

    def _pop_expired(self, now: float) -> list[E]:
        gone = [e for e in self._episodes.values() if self._expired(e, now)]
        for episode in gone:
            del self._episodes[episode.episode_id]
        return gone

    def add(self, episode: E) -> None:
        """Store `episode`, making room by dropping expired, then least recently used finished episodes."""
        with self._lock:
            now = self._clock()
            evicted = self._pop_expired(now)
            if len(self._episodes) >= self.limits.max_episodes:
                finished = [e for e in self._episodes.values() if e.done]
                if not finished:
                    for gone in evicted:
                        self._on_evict(gone)
                    raise StoreFullError(
                        f"too many open episodes (the limit is {self.limits.max_episodes}); finish one with "
                        f"submit_review(final=true) or wait for idle episodes to expire after "
                        f"{self.limits.idle_ttl_s:g}s"
                    )
                oldest = min(finished, key=lambda e: e.last_used)
                del self._episodes[oldest.episode_id]
                evicted.append(oldest)
            episode.last_used = now
            self._episodes[episode.episode_id] = episode
        for gone in evicted:
            self._on_evict(gone)

    def get(self, episode_id: str) -> E | None:
        """The episode, marked as used now; None if unknown or expired (an expired one is evicted)."""
        with self._lock:
            now = self._clock()
            episode = self._episodes.get(episode_id)
            if episode is not None and self._expired(episode, now):
                del self._episodes[episode_id]
                expired, episode = episode, None
            else:
                expired = None
                if episode is not None:
                    episode.last_used = now
        if expired is not None:
            self._on_evict(expired)
        return episode

    def peek(self, episode_id: str) -> E | None:
        """The episode if it is held, touching nothing: not marked as used, and an expired one not evicted (its
        release may wait for a running call, and this is asked from the event loop)."""
        with self._lock:
            return self._episodes.get(episode_id)

    def discard(self, episode_id: str) -> None:
        """Drop one episode now (e.g. a reset whose record could not be written), releasing it."""
        with self._lock:
            episode = self._episodes.pop(episode_id, None)
        if episode is not None:
            self._on_evict(episode)

    def sweep(self) -> int:
        """Evict every expired episode now; returns how many."""
        with self._lock:
            gone = self._pop_expired(self._clock())
        for episode in gone:
            self._on_evict(episode)
        return len(gone)

    def clear(self) -> None:
        with self._lock:
            gone = list(self._episodes.values())
            self._episodes.clear()
        for episode in gone:
            self._on_evict(episode)
