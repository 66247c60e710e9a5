"""Turn files of raw copy into draft stories, reporting what was cleaned, linked and matched."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.copydesk.importing import import_many


class Command(BaseCommand):
    help = "Import plain text, Markdown or HTML files as draft stories (one draft per file)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--brief", action="store_true", help="One line per file instead of a full report."
        )

    def handle(self, *args, files, brief=False, **options):
        total, imported, failed, flagged = len(files), 0, 0, 0
        for number, report in enumerate(import_many(self._read(files)), start=1):
            prefix = f"[{number}/{total}] {report.name}"
            if not report.ok:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{prefix}: error: {report.error}"))
                continue
            imported += 1
            flagged += bool(report.duplicates)
            self.stdout.write(self._summary_line(prefix, report))
            if not brief:
                self.stdout.write(self._details(report))
        summary = f"Imported {imported}, failed {failed}, flagged as duplicates {flagged}."
        self.stdout.write(self.style.SUCCESS(summary) if not failed else summary)
        if failed:
            raise CommandError(f"{failed} of {total} files could not be imported.")

    def _read(self, files):
        for path in files:
            try:
                yield str(path), path.read_bytes()
            except OSError as error:
                yield str(path), error

    def _summary_line(self, prefix, report):
        article = report.article
        url = reverse("admin:articles_article_change", args=[article.pk])
        return f"{prefix} → draft #{article.pk} “{article.headline}” {url}"

    def _details(self, report):
        lines = []
        for change in report.changes:
            lines.append(f"    {change.kind}: {change.reason}: {_short(change.text)}")
        for s in report.suggestions:
            times = f" ×{s.count}" if s.count > 1 else ""
            lines.append(f"    suggest {s.kind}: {s.label} (found as “{s.matched}”{times})")
        if report.headline_proposed:
            lines.append("    headline proposed from the lead: confirm or rewrite it")
        if report.source_credit:
            lines.append(f"    source credit: {report.source_credit}")
        for found in report.bylines:
            signed = "signed with the byline of that name" if found.byline else "no single byline"
            lines.append(f"    reporter: {found.name} ({signed})")
        if report.tags_added:
            lines.append(f"    tags added: {', '.join(report.tags_added)}")
        if report.tags_suggested:
            lines.append(f"    suggest tags: {', '.join(report.tags_suggested)}")
        for found in report.duplicates:
            story, score = found
            why = f" — {found.reason}" if getattr(found, "reason", "") else ""
            lines.append(
                f"    same story? #{story.pk} “{story.headline}” "
                f"({round(score * 100)}% alike, {story.state_label}{why})"
            )
        return "\n".join(lines) if lines else "    nothing to clean, link or match"


def _short(text, limit=70):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
