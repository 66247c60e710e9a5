"""Library pictures and galleries as a page prints them: the placeholders a rendered text holds
(pictures/references.py) filled in, and the figures of a story's hero and lead gallery.

Everything a page shows is fetched at once (`Shown.fetch`): one query for the pictures, one
for the galleries with their pictures, however many a story inserts. What is printed is
decided when the page is made, not when the text was saved:
- a picture withdrawn from use, or deleted, prints nothing (never a broken image);
- a picture whose licence has ended prints its caption and credit without the image;
- a gallery prints the pictures it may show, and nothing when none is left.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from . import references
from .models import Gallery, GalleryItem, Image

BODY_SIZES = "(min-width: 752px) 720px, 100vw"
THUMBNAIL_SIZES = "(min-width: 752px) 180px, calc(50vw - 1.5rem)"


class Shown:
    """The pictures and galleries of one page, by number."""

    def __init__(self, images=(), galleries=()):
        self.images = {image.pk: image for image in images}
        self.galleries = {gallery.pk: gallery for gallery in galleries}

    @classmethod
    def fetch(cls, pictures=(), galleries=()):
        """The pictures `pictures` and galleries `galleries` name (numbers), with the
        pictures of each gallery in order; numbers the library no longer has are left out."""
        pictures, galleries = set(pictures) - {None}, set(galleries) - {None}
        images = Image.objects.filter(pk__in=pictures) if pictures else []
        items = GalleryItem.objects.select_related("image")
        found = (
            Gallery.objects.filter(pk__in=galleries).prefetch_related(
                Prefetch("items", queryset=items)
            )
            if galleries
            else []
        )
        return cls(images, found)

    @classmethod
    def of_html(cls, html, pictures=(), galleries=()):
        """What rendered `html` inserts, with more `pictures` and `galleries` besides."""
        inserted = references.placeholders(html)
        return cls.fetch([*inserted["picture"], *pictures], [*inserted["gallery"], *galleries])

    def fill(self, html):
        """`html` with its placeholders printed as figures."""
        return references.fill(html, self.figure)

    def figure(self, kind, pk):
        if kind == "gallery":
            return gallery_html(self.galleries.get(pk))
        return picture_html(self.images.get(pk))

    @property
    def cache_tags(self):
        """What a page printing these carries: a change to any of them purges it."""
        return {
            *(image.cache_tag for image in self.images.values()),
            *(gallery.cache_tag for gallery in self.galleries.values()),
            *(
                item.image.cache_tag
                for gallery in self.galleries.values()
                for item in gallery.items.all()
            ),
        }

    def pictures_in(self, html):
        """[(image, caption)] of every picture `html` shows, in order, those of its
        galleries included: for structured data and feeds."""
        shown = []
        for kind, pk in _in_order(html):
            if kind == "picture" and pk in self.images and self.images[pk].is_shown():
                shown.append((self.images[pk], self.images[pk].caption))
            elif kind == "gallery" and pk in self.galleries:
                shown += [
                    (item.image, item.shown_caption) for item in shown_items(self.galleries[pk])
                ]
        return shown


def _in_order(html):
    return [
        (match["kind"], int(match["pk"])) for match in references.PLACEHOLDER.finditer(html or "")
    ]


def shown_items(gallery):
    """The gallery's pictures that may be printed, in order (prefetched with their images)."""
    return [item for item in gallery.items.all() if item.image.is_shown()]


def picture_html(image, caption="", sizes=BODY_SIZES, eager=False, css_class="story-picture"):
    """A picture of the library as a figure with its caption and credit; only the caption
    and credit once its licence has ended; nothing once it is withdrawn or gone."""
    if image is None or image.hidden:
        return ""
    context = {
        "image": image,
        "picture": image.picture if image.is_shown() else None,
        "caption": caption or image.caption,
        "credit": image.rights_notice,
        "sizes": sizes,
        "eager": eager,
        "css_class": css_class,
    }
    return render_to_string("pictures/includes/figure.html", context)


def gallery_html(gallery):
    """A gallery as a grid of figures a script turns into a lightbox; nothing without a
    picture to show."""
    if gallery is None:
        return ""
    items = shown_items(gallery)
    if not items:
        return ""
    context = {"gallery": gallery, "items": [_shown(item) for item in items]}
    context["sizes"] = THUMBNAIL_SIZES
    return render_to_string("pictures/includes/gallery.html", context)


def _shown(item):
    """What the gallery template prints of one picture: its thumbnail, and the large image
    the lightbox (or, without a script, the link) opens."""
    picture = item.image.picture
    return {
        "image": item.image,
        "picture": picture,
        "full": picture.largest("original"),
        "srcset": picture.srcset("original", "jpeg"),
        "webp": picture.srcset("original", "webp"),
        "caption": item.shown_caption,
        "credit": item.image.rights_notice,
    }
