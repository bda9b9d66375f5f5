"""Splitting an amount of whole minor units in proportion to weights, without losing or inventing a unit."""
from __future__ import annotations

from collections.abc import Sequence


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` minor units over `weights` in proportion, by the largest remainder method.

    Every share is its exact proportional share rounded down, and the units that rounding down leaves
    over go one each to the shares with the largest remainders (ties to the earlier weight), so the
    shares always add up to exactly `total`. A zero weight gets nothing, and when `total` is at most
    `sum(weights)` no share exceeds its weight.
    """
    if total < 0:
        raise ValueError(f"cannot allocate a negative amount: {total}")
    if any(weight < 0 for weight in weights):
        raise ValueError(f"weights must not be negative: {list(weights)}")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total:
            raise ValueError(f"cannot allocate {total} over weights that are all zero")
        return [0] * len(weights)

    shares, remainders = [], []
    for index, weight in enumerate(weights):
        share, remainder = divmod(total * weight, weight_sum)
        shares.append(share)
        remainders.append((remainder, index))
    left = total - sum(shares)
    for _, index in sorted(remainders, key=lambda item: (-item[0], item[1]))[:left]:
        shares[index] += 1
    return shares
