"""Which variant of an experiment a user sees.

A user's place in an experiment comes from two hashes of the experiment's salt and the user's id:
one decides whether the user is in the experiment at all (exposure), the other which variant they
get. With the two apart, raising exposure from 10 % to 20 % adds users without moving anybody
who was already in from one variant to another.
"""

from __future__ import annotations

import hashlib

from exp.config import Experiment
from exp.store import AssignmentStore

BUCKETS = 10_000  # basis points: exposure and weights resolve to 0.01 %


class UnknownExperiment(KeyError):
    pass


def bucket(purpose: str, experiment: Experiment, unit_id: str) -> int:
    """A number from 0 to BUCKETS - 1, the same in every process and on every deploy, and
    independent between experiments even when they share a salt. The first 8 bytes of SHA-256
    are uniform on [0, 2**64); taking them mod 10,000 favours the lowest 2**64 % 10,000 = 1,616
    buckets by one value in 1.8e15, which no experiment can measure. Only the unit id, which
    comes last, can contain ':', so the joined text is unambiguous."""
    text = f"{purpose}:{experiment.name}:{experiment.salt}:{unit_id}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") % BUCKETS


def upper_bounds(variants: tuple[tuple[str, int], ...]) -> list[tuple[str, int]]:
    """Each variant's exclusive upper bucket: variant i owns [bound[i-1], bound[i]). Bounds are
    scaled from the running total of the weights, so the last one is exactly BUCKETS and no
    bucket falls between two variants, whatever the integer division drops."""
    total = sum(weight for _, weight in variants)
    running, bounds = 0, []
    for name, weight in variants:
        running += weight
        bounds.append((name, running * BUCKETS // total))
    return bounds


def choose_variant(experiment: Experiment, unit_id: str) -> str | None:
    """The variant for a user with no assignment yet, or None when the user is not exposed."""
    if bucket("exposure", experiment, unit_id) >= experiment.exposure_bp:
        return None
    point = bucket("variant", experiment, unit_id)
    bounds = upper_bounds(experiment.variants)
    for name, upper in bounds[:-1]:
        if point < upper:
            return name
    return bounds[-1][0]


class Assigner:
    def __init__(self, experiments: dict[str, Experiment], store: AssignmentStore):
        self.experiments = experiments
        self.store = store

    def variant(self, name: str, unit_id: int | str) -> str | None:
        """The user's variant of experiment `name`, or None when they are not in it. A user
        keeps the variant they were first given; lowering exposure or weights only affects
        users who have not been assigned yet."""
        try:
            experiment = self.experiments[name]
        except KeyError:
            raise UnknownExperiment(name) from None
        unit = str(unit_id)
        stored = self.store.get(experiment.name, experiment.salt, unit)
        if stored in experiment.variant_names:
            return stored
        chosen = choose_variant(experiment, unit)
        if chosen is None:
            return None
        if stored is None:
            return self.store.assign(experiment.name, experiment.salt, unit, chosen)
        # The stored variant was taken out of the experiment: the user gets a current one.
        return self.store.replace(experiment.name, experiment.salt, unit, stored, chosen)
