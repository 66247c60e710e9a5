from django import forms
from django.test import SimpleTestCase

from common.forms import FormRenderer


class Letters(forms.Form):
    name = forms.CharField(max_length=3)
    note = forms.CharField(required=False)


class FormRendererTests(SimpleTestCase):
    def test_errors_are_printed_and_empty_lists_print_nothing(self):
        form = Letters({"name": "Too long", "note": ""}, renderer=FormRenderer())
        self.assertFalse(form.is_valid())
        self.assertEqual(str(form["note"].errors), "")
        self.assertEqual(str(form.non_field_errors()), "")
        self.assertHTMLEqual(
            str(form["name"].errors),
            '<ul class="errorlist" id="id_name_error"><li>Ensure this value has at most 3 '
            "characters (it has 8).</li></ul>",
        )
        self.assertIn("at most 3 characters", str(form))
