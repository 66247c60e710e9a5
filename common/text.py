"""Text as editors paste it, made safe to store: no control characters, single-line fields on
one line.

Control characters (a form feed from a PDF, an escape from a terminal) are invisible on the
page but make feeds and sitemaps invalid XML (XML 1.0 forbids them), and a line break in a title
breaks a calendar line. They are dropped from every text field the public site shows, however
the row is saved: the admin, an import, a command.
"""

import re

from django.db import models

# C0 and C1 controls and DEL, except tab and the line breaks a body keeps.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def single_line(text):
    """One line: controls dropped, every run of spaces and line breaks one space."""
    return " ".join(CONTROL.sub("", text).split())


def multi_line(text):
    """Paragraphs kept, controls dropped, line breaks of one kind."""
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def tidy_fields(instance):
    """Tidy every text field of `instance` in place. Models that derive fields from their
    text (keys, rendered body, search words) call this first in `save()`; the receiver below
    covers the rest and every other way a row is saved."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if not isinstance(value, str) or field.choices:
            continue
        if isinstance(field, models.TextField):
            setattr(instance, field.attname, multi_line(value))
        elif isinstance(field, models.CharField):
            setattr(instance, field.attname, single_line(value))


def tidy_before_saving(sender, instance, raw=False, **kwargs):
    """A pre_save receiver (connected in newsroom/apps.py for every model the site shows)."""
    if not raw:  # fixtures are stored as they are
        tidy_fields(instance)
