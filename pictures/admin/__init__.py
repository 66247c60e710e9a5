"""Pictures in Django's admin: the library's grid and picture form (library.py) with its
filters (filters.py), uploading several pictures at once (uploads.py), the chooser the story
form opens to insert one (chooser.py), galleries (galleries.py), and the focal-point picker
every model with an image of its own uses (helpers.py)."""

from . import galleries, library  # noqa: F401 (importing registers each admin)
from .helpers import PictureAdminMixin, image_preview, picture_fieldset  # noqa: F401
