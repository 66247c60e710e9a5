"""A refused save, merged: the story form's fields settled three ways (see articles.merge)
and put back on the form, so that saving again keeps the colleague's changes as well as the
writer's, and asks only about the fields both changed differently."""

import datetime as dt
import json
from types import SimpleNamespace

from django import forms
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags

from common.formats import when

from .. import merge
from ..diff import paragraphs

OPENED = "opened_links"  # hidden: the links the form was opened with (no history keeps them)
PENDING = "merge_conflicts"  # hidden: the fields waiting for a choice, and the version seen
LONG_TEXTS = {"body", "dek"}  # merged paragraph by paragraph


def normal(value):
    """A field's value in a form that compares equal whoever produced it: the database, a
    revision or the form's cleaning."""
    if value is None or value == "":
        return ""
    if hasattr(value, "all") and not isinstance(value, FieldFile):  # a related manager
        value = value.all()
    if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):
        return sorted(normal(item) for item in value)
    if hasattr(value, "pk") and hasattr(value, "_meta"):
        return value.name if value._meta.model_name == "tag" else value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dt.datetime):  # to the second, as the form's widgets show it
        value = value.replace(microsecond=0)
        return value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def link_fields(form):
    return [name for name, field in form.fields.items() if _is_set(field)]


def _is_set(field):
    return isinstance(field, (forms.ModelMultipleChoiceField, TagField))


def opened_links(form, given=()):
    """What the hidden field carries when the form is shown: its links as they stand, read
    from the form's initial values (the story's own) except those `given` to the form."""
    if not form.instance.pk:
        return json.dumps({})
    names = link_fields(form)
    values = {name: form.initial[name] for name in names if name in form.initial}
    values.update(model_to_dict(form.instance, fields=[name for name in names if name in given]))
    return json.dumps({name: normal(value) for name, value in values.items()})


def merged_fields(form):
    """The fields a merge looks at: every field of the story the form shows, except uploads
    (a browser never sends a file twice)."""
    model_fields = {field.name for field in form.instance._meta.get_fields()}
    return [
        name
        for name, field in form.fields.items()
        if name in model_fields and not isinstance(field, forms.FileField)
    ]


def settle(form, base_revision, current):
    """Merge the posted form with `current` (the story as saved now) over `base_revision`
    (the revision the form was opened at). Puts each settled value on the form's data and
    returns [(field name, label, Outcome)] for the fields that did not simply stay."""
    names = [n for n in merged_fields(form) if n in form.cleaned_data]
    try:
        opened = json.loads(form.data.get(OPENED) or "{}")
    except ValueError:
        opened = {}
    theirs = model_to_dict(current, fields=names)
    report = []
    for name in names:
        field = form.fields[name]
        kind = "set" if _is_set(field) else "text" if name in LONG_TEXTS else "value"
        if kind == "set":
            if name not in opened:  # no record of what the form began with: keep its own
                continue
            base = opened[name]
        else:
            base = normal(getattr(base_revision, name, None))
        outcome = merge.merge_field(
            base, normal(form.cleaned_data[name]), normal(theirs[name]), kind=kind
        )
        if outcome.how == merge.TOOK_THEIRS and kind != "set":
            outcome.value = theirs[name]  # as the widget shows it, not normalised
        if outcome.how in (merge.TOOK_THEIRS, merge.MERGED):
            put(form, name, outcome.value)
        if outcome.how == merge.CONFLICT and outcome.if_mine is not None:
            put(form, name, outcome.if_mine)  # every other change of both, on the form
            form.data[f"theirs_{name}"] = outcome.if_theirs  # what choosing theirs saves
        if outcome.how != merge.KEPT_MINE:
            report.append((name, field.label or name, outcome))
    form.data[OPENED] = json.dumps(
        {name: normal(value) for name, value in model_to_dict(current, link_fields(form)).items()}
    )
    return report


def put(form, name, value):
    """Write `value` into the form's data as its widget would have posted it."""
    field, key = form.fields[name], form.add_prefix(name)
    widget = getattr(field.widget, "widget", field.widget)  # the admin wraps related widgets
    if isinstance(field, TagField):
        names = value if value and isinstance(value[0], str) else [t.name for t in value]
        form.data[key] = edit_string_for_tags([SimpleNamespace(name=n) for n in names])
    elif isinstance(field, forms.ModelMultipleChoiceField):
        form.data.setlist(key, [str(getattr(item, "pk", item)) for item in value])
    elif isinstance(widget, forms.MultiWidget):
        for suffix, part, part_value in zip(
            widget.widgets_names, widget.widgets, widget.decompress(value), strict=True
        ):
            form.data[key + suffix] = part.format_value(part_value) or ""
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            form.data[key] = "on"
        else:
            form.data.pop(key, None)
    else:
        form.data[key] = "" if value is None else str(getattr(value, "pk", value))


def pending(form):
    """The conflicts a previous refusal asked about: (version seen, [field names])."""
    try:
        state = json.loads(form.data.get(PENDING) or "{}")
        return state.get("version"), [n for n in state.get("fields", []) if n in form.fields]
    except (ValueError, AttributeError):
        return None, []


def ask(form, version, names):
    form.data[PENDING] = json.dumps({"version": version, "fields": names})


def shown(value, limit=300):
    """A field's value as a short text for the choice between two versions."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, dt.datetime):
        return when(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return Truncator(strip_tags(str(value))).chars(limit)


def clashing(outcome, mine, theirs):
    """What the choice between two versions shows: for a text both rewrote in places, only
    the paragraphs that differ between the two ways of settling it; else each whole value."""
    if outcome.if_mine is None:
        return shown(mine), shown(theirs)
    ours, others = paragraphs(outcome.if_mine), paragraphs(outcome.if_theirs)
    return (
        shown("\n\n".join(p for p in ours if p not in others), limit=1200),
        shown("\n\n".join(p for p in others if p not in ours), limit=1200),
    )
