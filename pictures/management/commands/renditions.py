"""Make the renditions of every image of every model (see pictures.renditions).

Saving a row keeps its own renditions up to date; this is for rows that were never saved
since (after the upgrade that added renditions) and for a change of widths or quality.
"""

import time
from collections import Counter

from django.core.management.base import BaseCommand

from pictures.fields import DECLARED
from pictures.signals import renditions_remade
from pictures.uploads import UNREADABLE


class Command(BaseCommand):
    help = "Make the responsive renditions of every image: all of them, or only the missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only images without renditions, or whose renditions no longer match the "
            "image or its focal point.",
        )

    def handle(self, *args, missing=False, **options):
        started = time.perf_counter()
        totals = Counter()
        for fields in DECLARED:
            counts = self.make(fields, missing)
            totals.update(counts)
            self.stdout.write(
                f"{str(fields.label).capitalize()}: {counts['made']} made, "
                f"{counts['current']} already up to date, {counts['failed']} failed."
            )
        renditions_remade.send(sender=self.__class__)  # rows were updated in place
        seconds = time.perf_counter() - started
        summary = f"Renditions made for {totals['made']} images in {seconds:.1f} s."
        if totals["failed"]:
            self.stdout.write(summary)
            self.stderr.write(self.style.ERROR(f"{totals['failed']} images could not be read."))
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def make(self, fields, missing):
        """Counts of images made, already up to date and failed for one model's image. Rows
        are updated in place: no new revision, no change to "last updated". The default
        manager sees every row (stories in the trash too)."""
        manager = fields.model._default_manager
        counts = Counter(made=0, current=0, failed=0)
        columns = ["pk", fields.image, fields.width, fields.height, fields.focus_x, fields.focus_y]
        rows = manager.exclude(**{fields.image: ""}).only(*columns, fields.renditions)
        for row in rows.iterator():
            if missing and fields.is_current(row):
                counts["current"] += 1
                continue
            try:
                renditions = fields.rebuild(row)
            except UNREADABLE as error:
                counts["failed"] += 1
                self.stderr.write(f"{getattr(row, fields.image).name}: {error}")
                continue
            manager.filter(pk=row.pk).update(**{fields.renditions: renditions})
            counts["made"] += 1
        return counts
