"""Moving images that other models stored themselves into the library, for the data
migrations of those apps. Works on the historical models a migration hands over; the file is
not copied, and renditions already made of it are kept (they are named after the file)."""

from django.core.files.storage import default_storage

from .hashing import checksum, fingerprint

# What rows sharing a file must agree on to share its record: else each keeps its own.
KEPT = ("credit", "alt_text", "focus_x", "focus_y")


class Library:
    """The library as a migration fills it: one record per stored file and what was said of
    it. Rows sharing a file with the same credit, alt text and focal point share a record; a
    row that said otherwise (another credit on the same agency photo, say) gets a record of
    its own for the same file, so nothing any row said is lost."""

    def __init__(self, Image):
        self.Image = Image
        self.by_name = {}
        for image in Image.objects.order_by("pk"):
            self.by_name.setdefault(str(image.file), []).append(image)

    def first(self, name):
        """The first record made of the stored file `name`, or None."""
        return next(iter(self.by_name.get(name, ())), None)

    def record(self, row, prefix, field, **details):
        """The library record of the image `row` stores in `field` (companions named after
        `prefix`) with `details` (caption, credit, alt_text, title…), made unless one of that
        file says the same; None when the row has no image."""
        name = str(getattr(row, field) or "")
        if not name:
            return None
        values = {
            "width": getattr(row, f"{prefix}_width"),
            "height": getattr(row, f"{prefix}_height"),
            "focus_x": _focus(getattr(row, f"{prefix}_focus_x")),
            "focus_y": _focus(getattr(row, f"{prefix}_focus_y")),
            **details,
        }
        for image in self.by_name.get(name, ()):
            if all(getattr(image, key) == values.get(key, "") for key in KEPT):
                return image
        image = self.Image.objects.create(
            file=name,
            # A story's revisions kept no renditions (simple_history left them out): a file
            # only they name gets none, and pages show it whole until it is rebuilt.
            renditions=getattr(row, f"{prefix}_renditions", None) or {},
            **_hashes(name),
            **values,
        )
        self.by_name.setdefault(name, []).append(image)
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
