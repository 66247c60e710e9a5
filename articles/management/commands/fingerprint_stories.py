"""Compute the same-story fingerprints of stories saved before they existed (or of all)."""

from django.core.management.base import BaseCommand

from articles.copydesk.duplicates import article_fingerprint
from articles.copydesk.sameness import MARKER
from articles.models import Article


class Command(BaseCommand):
    help = "Fingerprint stories for the same-story warning (only those without, unless --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompute every story.")

    def handle(self, *args, all=False, **options):
        # Stories fingerprinted before quotes, names, dates and rare words were stored lack
        # the marker that every story fingerprinted since holds.
        without = Article.objects.exclude(fingerprints__value=MARKER)
        stories = Article.objects.all() if all else without
        done = 0
        for article in stories.iterator(chunk_size=500):
            article_fingerprint(article=article)
            done += 1
            if done % 1000 == 0:
                self.stdout.write(f"{done} stories fingerprinted…")
        self.stdout.write(self.style.SUCCESS(f"Fingerprinted {done} stories."))
