"""Newer/older pages without counting every row.

A count of 100,000 published stories costs PostgreSQL more than the page itself, and readers
page by "Older →" anyway. A page fetches one row more than it shows to know whether there is
a next one. The admin's lists, which show page numbers, count exactly only up to a point: see
EstimatedCountPaginator.
"""

import json
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

MAX_PAGE = 10_000


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def page_of(queryset, number, per_page):
    """Page `number` (from the query string; anything odd means 1) of `queryset`."""
    try:
        number = min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(rows[:per_page], number, len(rows) > per_page)


class EstimatedCountPaginator(Paginator):
    """Django's paginator, counting exactly up to EXACT_UP_TO rows; past that, on PostgreSQL,
    the planner's estimate of how many (`estimated` is then true, and the page says "about").
    Counting the 100,000 stories of an unfiltered list, or the 60,000 that hold a common
    word, costs more than the page itself; the first thousand and a plan cost a few ms. Other
    databases count."""

    EXACT_UP_TO = 1000

    @cached_property
    def _counted(self):
        rows = self.object_list.order_by()
        first = rows[: self.EXACT_UP_TO + 1].count()
        if first <= self.EXACT_UP_TO:
            return first, False
        if connections[rows.db].vendor != "postgresql":
            return rows.count(), False
        return max(planned_rows(rows), first), True

    @cached_property
    def count(self):
        return self._counted[0]

    @property
    def estimated(self):
        return self._counted[1]


def planned_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to return, without running it."""
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
