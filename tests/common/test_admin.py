from django.contrib.admin import ModelAdmin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import SimpleTestCase
from django.utils.html import escape

from articles.models import Article
from common.admin import QuickListMixin


class ActionCheckboxTests(SimpleTestCase):
    def test_the_row_checkbox_is_djangos_own_written_out(self):
        story = Article(pk=7, headline="Lights & <Shadows>")
        quick = type("Quick", (QuickListMixin, ModelAdmin), {})
        ours = quick(Article, None).action_checkbox(story)
        djangos = ModelAdmin(Article, None).action_checkbox(story)
        self.assertHTMLEqual(ours, djangos)
        self.assertIn(f'name="{ACTION_CHECKBOX_NAME}"', ours)
        self.assertIn(escape(str(story)), ours)
