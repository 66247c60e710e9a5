"""Raw copy (a file or a paste) to a draft story, with a report of everything done to it."""

import codecs
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.db import transaction
from markdownify import markdownify

from articles.models import Article, LinkSuggestion
from common.text import multi_line, single_line

from .cleaning import Change, clean
from .duplicates import article_fingerprint, likely_duplicates
from .linking import NameIndex

MAX_BYTES = 2 * 1024 * 1024
HTML_HINT = re.compile(r"<(?:p|div|br|h[1-6]|html|body|article|span|figure|img)\b", re.IGNORECASE)
DROPPED_HTML = ["script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg"]


class CopyRejected(ValueError):
    """Input that cannot become a story; the message completes "<file> …"."""


@dataclass
class ImportReport:
    name: str
    article: object = None
    error: str = ""
    changes: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)

    @property
    def ok(self):
        return self.article is not None


def read_copy(data):
    """Bytes to text, refusing what is not text: empty, binary, too big, not UTF-8."""
    if not data or not data.strip():
        raise CopyRejected("is empty")
    if len(data) > MAX_BYTES:
        raise CopyRejected(f"is larger than 2 MB ({len(data) / 1024 / 1024:.1f} MB)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:  # an odd byte out or a lone surrogate
            # Raised as it was, it escaped import_many and ended the whole batch.
            raise CopyRejected(
                f"is not UTF-16 text (undecodable bytes at position {error.start}); "
                "save it as UTF-8 and import it again"
            ) from error
    if b"\x00" in data[:8192]:
        raise CopyRejected("is not text (it looks like a binary file)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CopyRejected(
            f"is not UTF-8 text (undecodable byte at position {error.start}); "
            "save it as UTF-8 and import it again"
        ) from error


def to_markdown(text, name=""):
    """HTML copy becomes Markdown, with a Change for each page element dropped on the way;
    plain text and Markdown pass through."""
    if not (name.lower().endswith((".html", ".htm")) or HTML_HINT.search(text[:4000])):
        return text, []
    soup = BeautifulSoup(text, "html.parser")
    dropped = []
    for tag in soup.find_all(DROPPED_HTML):
        excerpt = " ".join(tag.get_text(" ").split())[:80] or f"<{tag.name}>"
        dropped.append(Change("html", f"<{tag.name}> is page furniture, not the story", excerpt))
        tag.decompose()
    # markdownify reads these numbers with int() once str.isdigit() or isnumeric() passes,
    # which "²" or "Ⅻ" do: <ol start="²"> crashed the import. Such numbers go; the list
    # or cell keeps its default.
    for attribute in ("start", "colspan"):
        for tag in soup.find_all(attrs={attribute: True}):
            if not re.fullmatch(r"[0-9]+", str(tag[attribute])):
                del tag[attribute]
    return markdownify(str(soup), heading_style="ATX", bullets="-"), dropped


def import_copy(*, name, data, by=None, index=None):
    """One input to one draft, atomically; a bad input raises CopyRejected and saves nothing."""
    markdown, dropped = to_markdown(read_copy(data), name)
    cleaned = clean(markdown)
    # Judged as they will be stored: saving drops control characters (common/text.py), so a
    # headline of nothing else ("\x1b") made a draft with an empty headline.
    if not single_line(cleaned.headline):
        raise CopyRejected("has no text to make a headline from")
    if not multi_line(cleaned.body).strip():
        raise CopyRejected("has a headline but no story under it")
    index = index or NameIndex.from_database()
    suggestions = index.find("\n".join([cleaned.headline, cleaned.dek, cleaned.body]))
    with transaction.atomic():
        article = Article(
            headline=cleaned.headline[:300],
            dek=cleaned.dek[:400],
            body=cleaned.body,
            status=Article.Status.DRAFT,
            created_by=by,
        )
        article._history_user = by
        article.save()
        article.record_links()  # none yet: the first revision says so
        article_fingerprint(article=article)
        LinkSuggestion.objects.bulk_create(
            LinkSuggestion(
                article=article,
                artist_id=s.pk if s.kind == "artist" else None,
                release_id=s.pk if s.kind == "release" else None,
                matched=s.matched[:200],
                mentions=s.count,
            )
            for s in suggestions
        )
    return ImportReport(
        name=name,
        article=article,
        changes=dropped + cleaned.changes,
        suggestions=suggestions,
        duplicates=likely_duplicates(article),
    )


def import_many(inputs, by=None):
    """[(name, bytes, or the OSError or CopyRejected met reading it)] to reports, one at a
    time: one bad input never spoils the others."""
    index = NameIndex.from_database()
    for name, data in inputs:
        if isinstance(data, OSError):
            yield ImportReport(name=name, error=f"cannot be read ({data.strerror})")
            continue
        if isinstance(data, CopyRejected):
            yield ImportReport(name=name, error=str(data))
            continue
        try:
            yield import_copy(name=name, data=data, by=by, index=index)
        except CopyRejected as error:
            yield ImportReport(name=name, error=str(error))
