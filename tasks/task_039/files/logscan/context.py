"""Showing matching records with the records around them, as `grep -C` does."""

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def with_context(
    items: Iterable[T], is_match: Callable[[T], bool], context: int
) -> Iterator[tuple[T, bool] | None]:
    """Each matching item with up to `context` items before and after it, as (item, matched) pairs.

    Items come in order and at most once, also where the windows of two matches overlap. With a
    context, None comes between two groups that are not adjacent, for the caller to print "--".
    """
    if context < 0:
        raise ValueError("context must be 0 or more")
    before: deque[T] = deque(maxlen=context)  # the latest items, to lead the next match
    after = 0  # items still to show after the last match
    gap = False  # an item was left out since the last one shown
    shown_any = False
    for item in items:
        if is_match(item):
            if gap and shown_any:
                yield None
            yield from ((earlier, False) for earlier in before)
            before.clear()
            yield item, True
            after, gap, shown_any = context, False, True
        elif after:
            yield item, False
            after -= 1
        else:
            # When the window is full, appending pushes its oldest item out unshown.
            gap = gap or (context > 0 and len(before) == context)
            before.append(item)
