"""Form rendering."""

from django.forms.renderers import TemplatesSetting

ERROR_TEMPLATES = "django/forms/errors/"


class FormRenderer(TemplatesSetting):
    """Django's form renderer over the site's own templates (widgets of ours live in
    templates/ with the rest), which prints an empty list of errors (every field of a form
    but the few in error) without running a template to get an empty string: on the admin's
    story form, more than half the templates it ran."""

    def render(self, template_name, context, request=None):
        if template_name.startswith(ERROR_TEMPLATES) and not context.get("errors"):
            return ""
        return super().render(template_name, context, request)
