"""The story form's writing tools (articles/admin/editing.py), for its template."""

from django import template

from ..admin import editing

register = template.Library()


@register.simple_tag(takes_context=True)
def writing_tools(context):
    """What the writing tools on this story form start from (editing.writing_tools)."""
    form = context["adminform"].form
    return editing.writing_tools(context["request"], context.get("original"), form)
