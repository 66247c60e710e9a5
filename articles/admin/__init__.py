"""Stories in Django's admin: the story list and form (stories.py) with its own pages
(pages.py) and workflow actions (actions.py), bylines (bylines.py), the trash, and the
workflow log."""

from . import bylines, log, stories, trash  # noqa: F401 (importing registers each admin)
