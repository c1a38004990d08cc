"""Pages without an exact count: a big list shows "previous / page n / next".

``Paginator`` runs ``COUNT(*)`` over the whole filtered table on every page (11.7 ms of a
50-row page over 100,000 reports, ENGINEERING.md). The review queue and the list of
missing reports grow with every commune and month, so they read one row past the page
instead, to know whether a next page exists. A list may also ask for a *bounded* count
(``count_up_to``): the database stops after that many rows, so "Trang 1/5" costs at most
that many index entries whatever the size of the table, and past it the page says
"more than 1,000".
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet


class SlicePage:
    def __init__(
        self, qs: QuerySet[Any], number: Any, size: int, *, count_up_to: int | None = None
    ) -> None:
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
        # The exact number of rows and pages when at most ``count_up_to``; else None, and
        # ``count_limit`` says the list is longer than that.
        self.count: int | None = None
        self.num_pages: int | None = None
        self.count_limit = count_up_to
        if count_up_to is not None:
            # No ORDER BY in the counted subquery: the database stops at the limit
            # instead of sorting every matching row first.
            n = qs.order_by()[: count_up_to + 1].count()
            if n <= count_up_to:
                self.count = n
                self.num_pages = max(-(-n // size), 1)

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
