"""Stories in Django's admin: the story list and form (stories.py) with its own pages
(pages.py) and workflow actions (actions.py), the trash, and the workflow log."""

from . import log, stories, trash  # noqa: F401 (importing registers each admin)
