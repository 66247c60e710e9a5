"""Work on the library that touches more than one row: putting an upload in, making a
gallery of pictures."""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from .hashing import checksum, fingerprint
from .metadata import embedded_details
from .models import Gallery, GalleryItem, Image
from .renditions import FORMATS

# What an upload's own metadata may fill in, when the person left it empty.
PREFILLED = ("title", "caption", "credit", "copyright_notice")


@dataclass
class Upload:
    """What `image_upload` did: the new picture, or the pictures the library already has
    that look like the file (then nothing was stored)."""

    image: Image | None = None
    duplicates: list = field(default_factory=list)
    prefilled: list = field(default_factory=list)  # the fields the photo's metadata filled


def image_upload(*, file, by, details=None, keep_duplicate=False):
    """Put `file` (an upload that passed `pictures.uploads.check_upload`) in the library
    with `details` (title, alt text, caption, credit…). Unless `keep_duplicate`, a file the
    library already has (the same bytes, or nearly the same pixels) is not stored: the
    pictures it looks like are returned instead. The photographer, credit, copyright and
    caption embedded in the file fill what `details` leave empty; its location never
    reaches the library (see pictures.fields)."""
    if not keep_duplicate:
        found = Image.objects.lookalikes(checksum(file), fingerprint(file))
        if found:
            return Upload(duplicates=found)
    values = {name: value for name, value in (details or {}).items() if value not in (None, "")}
    embedded = embedded_details(file)
    prefilled = [name for name in PREFILLED if name not in values and embedded.get(name)]
    values |= {name: embedded[name] for name in prefilled}
    values.setdefault("title", default_title(file.name))
    image = Image(uploaded_by=by, file=file, **values)
    image.save()  # stores the file upright and without its location, then its renditions
    if not keep_duplicate:
        earlier = _same_file_meanwhile(image)
        if earlier:
            return Upload(duplicates=earlier)
    return Upload(image=image, prefilled=prefilled)


def _same_file_meanwhile(image):
    """The same file sent twice at once (two files of one batch, two editors) passes the
    check before either is stored: the later record gives way to the earlier, so exactly
    one is kept whatever the timing."""
    earlier = list(Image.objects.filter(checksum=image.checksum, pk__lt=image.pk)[:1])
    if earlier:
        discard(image)
    return earlier


def discard(image):
    """Delete a record nothing uses yet with its stored file and renditions."""
    made = image.renditions.get("crops", {}).values()
    names = [
        image.file.name,
        *(entry[fmt] for entries in made for entry in entries for fmt in FORMATS),
    ]
    image.delete()
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)


def default_title(name):
    """A title from a file's name: "IMG_2024-05-24 stage.jpg" → "IMG_2024-05-24 stage"."""
    stem = name.rpartition("/")[2].rpartition(".")[0] or name
    return " ".join(stem.replace("_", " ").split())[:200]


@transaction.atomic
def gallery_make(*, images, by, title=""):
    """A new gallery of `images`, in that order."""
    images = list(images)
    gallery = Gallery.objects.create(title=title or _gallery_title(images), created_by=by)
    GalleryItem.objects.bulk_create(
        GalleryItem(gallery=gallery, image=image, position=position)
        for position, image in enumerate(images, start=1)
    )
    return gallery


def _gallery_title(images):
    first = next((image.title for image in images if image.title), "")
    return _("Gallery: %(title)s") % {"title": first} if first else _("New gallery")
