"""Places, dates and quotes found by character offset without scanning them all.

The event coder asks, for every trigger, which dates and places lie in its clause and which
quote it is in. Scanning the article's lists each time costs time quadratic in the length of
an article; `Indexed` is such a list with a sorted index beside it, so each question costs
the logarithm of the list's length plus the answer. Answers keep the list's own order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cached_property
from typing import Any


class Indexed(list):
    """A list of items with `start` and `end` offsets, searchable by offset. Build it once
    the list is complete: the index is made on the first search and not updated after."""

    def __init__(self, items: Iterable[Any] = ()):
        super().__init__(items)

    @cached_property
    def _order(self) -> tuple[list[int], list[int], list[int]]:
        order = sorted(range(len(self)), key=lambda k: self[k].start)
        starts = [self[k].start for k in order]
        reach: list[int] = []  # the furthest end among the first i + 1 in start order
        for k in order:
            reach.append(max(self[k].end, reach[-1]) if reach else self[k].end)
        return order, starts, reach

    def starting_in(self, start: int, end: int) -> list[Any]:
        """The items that start at or after `start` and before `end`."""
        order, starts, _ = self._order
        found = order[bisect_left(starts, start) : bisect_left(starts, end)]
        return [self[k] for k in sorted(found)]

    def containing(self, offset: int) -> list[Any]:
        """The items with `start <= offset < end`."""
        return self.overlapping(offset, offset + 1)

    def overlapping(self, start: int, end: int) -> list[Any]:
        """The items with some character in [start, end): `item.start < end` and
        `start < item.end`."""
        order, starts, reach = self._order
        last = bisect_left(starts, end)
        first = bisect_right(reach, start, 0, last)  # before it, all end at or before start
        return [self[k] for k in sorted(k for k in order[first:last] if self[k].end > start)]
