"""Pages without an exact count: a big list shows "previous / page n / next".

``Paginator`` runs ``COUNT(*)`` over the whole filtered table on every page (11.7 ms of a
50-row page over 100,000 reports, ENGINEERING.md). The review queue and the list of
missing reports grow with every commune and month, so they read one row past the page
instead, to know whether a next page exists.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet


class SlicePage:
    def __init__(self, qs: QuerySet[Any], number: Any, size: int) -> None:
        try:
            self.number = max(int(number), 1)
        except (TypeError, ValueError):
            self.number = 1
        offset = (self.number - 1) * size
        rows = list(qs[offset : offset + size + 1])
        if not rows and self.number > 1:  # past the end: show the first page
            self.number, offset = 1, 0
            rows = list(qs[: size + 1])
        self.object_list = rows[:size]
        self.has_next = len(rows) > size
        self.has_previous = self.number > 1
        self.start_index = offset + 1 if self.object_list else 0

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1
