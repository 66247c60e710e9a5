"""Newer/older pages without counting every row.

A count of 100,000 published stories costs PostgreSQL more than the page itself, and readers
page by "Older →" anyway. A page fetches one row more than it shows to know whether there is
a next one.
"""

from dataclasses import dataclass

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
