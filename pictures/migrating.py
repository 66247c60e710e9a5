"""Moving images that other models stored themselves into the library, for the data
migrations of those apps. Works on the historical models a migration hands over; the file is
not copied, and renditions already made of it are kept (they are named after the file)."""

from django.core.files.storage import default_storage

from .hashing import checksum, fingerprint


class Library:
    """The library as a migration fills it: one record per stored file, whichever rows
    pointed at it."""

    def __init__(self, Image):
        self.Image = Image
        self.by_name = {image.file: image for image in Image.objects.all()}

    def record(self, row, prefix, field, **details):
        """The library record of the image `row` stores in `field` (companions named after
        `prefix`), made on first sight with `details` (caption, credit, alt_text, title…);
        None when the row has no image."""
        name = str(getattr(row, field) or "")
        if not name:
            return None
        image = self.by_name.get(name)
        if image is None:
            image = self.Image.objects.create(
                file=name,
                width=getattr(row, f"{prefix}_width"),
                height=getattr(row, f"{prefix}_height"),
                focus_x=_focus(getattr(row, f"{prefix}_focus_x")),
                focus_y=_focus(getattr(row, f"{prefix}_focus_y")),
                # A story's revisions kept no renditions (simple_history left them out): a
                # file only they name gets none, and pages show it whole until it is rebuilt.
                renditions=getattr(row, f"{prefix}_renditions", None) or {},
                **_hashes(name),
                **details,
            )
            self.by_name[name] = image
        return image


def _focus(value):
    return 0.5 if value is None else value


def _hashes(name):
    """The checksum and fingerprint of a stored file; empty when it is missing or unreadable
    (the record is made all the same: nothing is lost)."""
    try:
        with default_storage.open(name, "rb") as stored:
            return {"checksum": checksum(stored), "fingerprint": fingerprint(stored)}
    except OSError:
        return {"checksum": "", "fingerprint": ""}
