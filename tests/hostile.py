"""Hostile text: what an editor might paste, on purpose or not, into any field they control.

`HOSTILE` holds the strings; `fill()` puts every one into every editor-controlled field of a
story, an artist (and an alias), a release (and a track), a tag and a correction note, so tests
can check every page, feed, sitemap, calendar and JSON-LD block stays well-formed and runs
nothing. NUL is left out: PostgreSQL cannot store it, and the admin's forms refuse it with an
error (tested on its own).
"""

from urllib.parse import quote_plus

from django.urls import reverse

from articles.models import Article
from artists.models import Alias, Artist, Release, ReleaseCredit, Track
from pictures.models import Image as Picture
from tests.factories import hours, image_file, make_article, make_picture, now

LONG_WORD = "가" * 40 + "A" * 3000

HOSTILE = [
    # Script tags, plain and disguised
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(2)</scr</script>ipt>",
    "<script\x0c>alert(3)</script>",
    '"><script>alert(4)</script>',
    "'><script>alert(5)</script>",
    "</title><script>alert(6)</script>",
    "</textarea><script>alert(7)</script>",
    "</script><script>alert(8)</script>",
    "</SCRIPT ><script>alert(9)</script>",
    "<!--<script>alert(10)</script>-->",
    "<![CDATA[<script>alert(11)</script>]]>",
    # Event handlers on harmless-looking tags
    "<img src=x onerror=alert(12)>",
    '<img src="x" onerror="alert(13)">',
    "<body onload=alert(14)>",
    "<div onmouseover=alert(15)>hover</div>",
    "<input autofocus onfocus=alert(16)>",
    "<details open ontoggle=alert(17)>",
    "<video><source onerror=alert(18)></video>",
    "<marquee onstart=alert(19)>",
    '<a href="#" onclick="alert(20)">click</a>',
    "<iframe srcdoc='<script>alert(21)</script>'></iframe>",
    # javascript: and data: addresses, in HTML and in Markdown
    '<a href="javascript:alert(22)">link</a>',
    '<a href="JaVaScRiPt:alert(23)">link</a>',
    '<a href="java\tscript:alert(24)">link</a>',
    '<a href="&#106;avascript:alert(25)">link</a>',
    "[click](javascript:alert(26))",
    "[click](JAVASCRIPT:alert(27))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgyOCk8L3NjcmlwdD4=)",
    "![img](javascript:alert(29))",
    "<a href='vbscript:msgbox(30)'>vb</a>",
    "<form action=javascript:alert(31)><button>go</button></form>",
    # SVG and MathML tricks
    "<svg onload=alert(32)>",
    "<svg><script>alert(33)</script></svg>",
    "<svg><a xlink:href='javascript:alert(34)'><text y=20>x</text></a></svg>",
    "<svg><animate onbegin=alert(35) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(36)>",
    "<math href='javascript:alert(37)'>x</math>",
    # Breaking out of attributes, JSON and templates
    '" onmouseover="alert(38)" x="',
    "' onmouseover='alert(39)' x='",
    '{"@context": "</script><script>alert(40)</script>"}',
    "{{ 7*7 }} {% debug %} ${alert(41)}",
    "\\u003cscript\\u003ealert(42)\\u003c/script\\u003e",
    "<style>body{background:url(javascript:alert(43))}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(44)'>",
    "<base href=//evil.example/>",
    "<object data=javascript:alert(45)></object>",
    "<embed src=javascript:alert(46)>",
    # Text that breaks layouts and parsers rather than running
    LONG_WORD,
    "Right\u202eto-left override\u202c and \u200f marks \u200e",
    "Zero\u200bwidth\u200djoin\ufeffers",
    "Control \x01\x02\x03\x07\x08\x0b\x0c\x1b\x1f\x7f characters",
    "Lines\r\nand\rcarriage\nreturns\u2028\u2029",
    "]]></title></item></channel></rss>",
    "&amp; &lt;script&gt; &#x3C;script&#x3E; &unknown;",
    "\ud7a3\U0001f4a5 combining e\u0301\u0301\u0301\u0301 ﷽",
    "BEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
]


def _fit(model, field, text):
    limit = model._meta.get_field(field).max_length
    return text[:limit] if limit else text


def fill():
    """One story, artist, alias, release, track, tag and note per hostile string; returns
    the stories."""
    stories = []
    for n, text in enumerate(HOSTILE):
        artist = Artist.objects.create(name=_fit(Artist, "name", text), slug=f"hostile-{n}")
        Alias.objects.create(artist=artist, name=_fit(Alias, "name", f"{text} alias"))
        # Half still to come, so calendars carry them too.
        release = Release.objects.create(
            title=_fit(Release, "title", text),
            slug=f"hostile-{n}",
            release_at=now() + hours(24 * (n + 1) * (1 if n % 2 else -1)),
        )
        ReleaseCredit.objects.create(release=release, artist=artist, position=0)
        Track.objects.create(release=release, number=1, title=_fit(Track, "title", text))
        story = make_article(
            _fit(Article, "headline", text),
            slug=f"hostile-{n}",
            dek=_fit(Article, "dek", text),
            body=f"{text}\n\nA paragraph after it.\n\n> {text}\n\n— {text}",
            hero=make_picture(
                image_file(f"hostile-{n}.jpg"),
                credit=_fit(Picture, "credit", text),
                alt_text=_fit(Picture, "alt_text", text),
            ),
            hero_caption=_fit(Article, "hero_caption", text),
            source_credit=_fit(Article, "source_credit", text),
            artists=[artist],
            releases=[release],
            tags=[_fit_tag(text, n)],
        )
        story.notes.create(text=text)
        stories.append(story)
    return stories


def _fit_tag(text, n):
    # Tag names are unique regardless of case; a number keeps near-duplicates apart.
    return f"{text[:90]} {n}"


FIELDS_PER_STRING = [
    "headline",
    "standfirst",
    "body",
    "pull quote",
    "caption",
    "image credit",
    "alt text",
    "source credit",
    "artist name",
    "alias",
    "release title",
    "track title",
    "tag",
    "correction note",
]


def pages_showing(stories, searches=HOSTILE, tags=True):
    """Every public page that shows what `fill()` made: lists, the calendar, each story (and
    its tag page), artist and release, and a search for each of `searches`."""
    yield from (reverse(name) for name in LISTS)
    for story in stories:
        yield story.get_absolute_url()
        if tags:
            yield reverse("articles:tag", args=[story.tags.get().slug])
        yield story.artists.get().get_absolute_url()
        yield story.releases.get().get_absolute_url()
    for text in searches:
        yield reverse("search") + "?q=" + quote_plus(text[:200])


LISTS = ("home", "articles:list", "artists:list", "artists:releases", "artists:calendar")
