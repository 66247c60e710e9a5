"""Raw copy (a file or a paste) to a draft story, with a report of everything done to it."""

import codecs
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from markdownify import markdownify
from taggit.models import Tag

from articles.bylines import Byline, slug_base
from articles.markdown import image_addresses
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
class BylineFound:
    """A reporter the copy names, and the bylines of that name (the draft is signed with the
    byline when there is exactly one)."""

    name: str
    namesakes: list = field(default_factory=list)

    @property
    def byline(self):
        return self.namesakes[0] if len(self.namesakes) == 1 else None

    @property
    def add_url(self):
        """The admin's new-byline form, filled in with the name."""
        slug = Byline.objects.free_slug(slug_base(self.name))
        query = urlencode({"name": self.name, "slug": slug, "kind": Byline.Kind.FREELANCER})
        return f"{reverse('admin:articles_byline_add')}?{query}"


@dataclass
class ImportReport:
    name: str
    article: object = None
    error: str = ""
    changes: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    headline_proposed: bool = False
    source_credit: str = ""
    bylines: list = field(default_factory=list)  # BylineFound, in the copy's order
    tags_added: list = field(default_factory=list)  # tag words naming a tag we have
    tags_suggested: list = field(default_factory=list)  # the others, left to the editor

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
    bylines = find_bylines(cleaned.byline_names)
    tags, unknown_tags = find_tags(cleaned.tag_words)
    with transaction.atomic():
        article = Article(
            headline=cleaned.headline[:300],
            headline_proposed=cleaned.headline_proposed,
            dek=cleaned.dek[:400],
            body=cleaned.body,
            source_credit=source_credit(cleaned.source_credit),
            status=Article.Status.DRAFT,
            created_by=by,
        )
        article._history_user = by
        article.save()
        article.set_bylines([found.byline for found in bylines if found.byline])
        article.tags.add(*tags)
        article.record_links()  # the first revision lists the bylines and tags it came with
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
        changes=dropped + cleaned.changes + pictures_to_upload(article.body),
        suggestions=suggestions,
        duplicates=likely_duplicates(article),
        headline_proposed=article.headline_proposed,
        source_credit=article.source_credit,
        bylines=bylines,
        tags_added=[tag.name for tag in tags],
        tags_suggested=unknown_tags,
    )


def pictures_to_upload(body):
    """The pictures partner copy shows by their address: the draft keeps them so nothing is
    lost, and cannot be saved in the admin until each is in the picture library."""
    return [
        Change(
            "picture",
            _("picture shown by its address: upload it to the picture library and insert it"),
            address,
        )
        for address in dict.fromkeys(image_addresses(body))
    ]


def source_credit(outlet):
    """The line printed under the story for a partner outlet's copy."""
    outlet = single_line(outlet)
    return (_("Originally published by %(outlet)s.") % {"outlet": outlet})[:300] if outlet else ""


def find_bylines(names):
    """Each reporter's name with the bylines the story form offers under it (any case)."""
    found = []
    for name in dict.fromkeys(filter(None, map(single_line, names))):
        namesakes = list(Byline.objects.offered().filter(name__iexact=name[:200]))
        found.append(BylineFound(name=name, namesakes=namesakes))
    return found


def find_tags(words):
    """(The tags named by `words`, any case; the words naming none), each once."""
    tags, unknown, seen = [], [], set()
    for word in filter(None, map(single_line, words)):
        if word.casefold() in seen:
            continue
        seen.add(word.casefold())
        tag = Tag.objects.filter(name__iexact=word[:100]).order_by("pk").first()
        if tag:
            tags.append(tag)
        else:
            unknown.append(word)
    return tags, unknown


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
