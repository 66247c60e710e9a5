"""How the admin shows a picture in lists and choosers: a thumbnail and short labels."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import local_today


def thumbnail_html(image, size=160):
    """A small square of the picture, for the grid and the chooser."""
    picture = image.picture
    if picture is None:
        return "—"
    smallest = picture.renditions("square")[0]
    return format_html(
        '<img class="library-thumb" src="{}" width="{}" height="{}" alt="" loading="lazy">',
        smallest.url,
        size,
        size,
    )


def flags(image, today=None):
    """What an editor must know before using the picture, as short labels."""
    today = today or local_today()
    found = []
    if image.hidden:
        found.append(("withdrawn", _("Withdrawn")))
    if image.is_expired(today):
        found.append(("expired", _("Licence ended %(date)s") % {"date": _day(image)}))
    elif image.licence_expires:
        found.append(("expires", _("Licence until %(date)s") % {"date": _day(image)}))
    if image.restrictions.strip():
        found.append(("restricted", _("Restricted")))
    if image.editorial_only:
        found.append(("editorial", _("Editorial use only")))
    if not image.alt_text.strip():
        found.append(("undescribed", _("Needs alt text")))
    return found


def _day(image):
    return image.licence_expires.strftime("%-d %b %Y")


def flags_html(image):
    return format_html_join(
        " ", '<span class="library-flag library-flag--{}">{}</span>', flags(image)
    )
