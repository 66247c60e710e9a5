from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from artists.models import Release
from common.text import multi_line, single_line
from tests.factories import make_article, make_artist, make_release


class TidyTextTests(SimpleTestCase):
    def test_a_single_line_field_loses_controls_and_line_breaks(self):
        self.assertEqual(single_line("Out\x0c now\r\n at 1 PM\x1b  KST "), "Out now at 1 PM KST")

    def test_a_body_keeps_its_paragraphs_and_tabs(self):
        self.assertEqual(multi_line("One\r\n\r\nTwo\x07\tthree\rfour"), "One\n\nTwo\tthree\nfour")

    def test_hangul_and_marks_readers_see_are_kept(self):
        text = "김남준 \u2014 RM\u2019s \u201cLost!\u201d"
        self.assertEqual(single_line(text), text)


class SavedTextTests(TestCase):
    def test_every_save_tidies_what_the_site_shows(self):
        story = make_article("Teaser\x0c out\nnow", body="Para\x01one.\r\n\r\nPara two.")
        story.refresh_from_db()
        self.assertEqual(story.headline, "Teaser out now")
        self.assertEqual(story.body, "Paraone.\n\nPara two.")
        self.assertNotIn("\x01", story.body_html)
        release = make_release("Right Place,\r\nWrong Person\x1b")
        self.assertEqual(Release.objects.get(pk=release.pk).title, "Right Place, Wrong Person")

    def test_a_hangul_tag_has_a_page_and_a_feed(self):
        story = make_article("Comeback news", tags=["컴백"])
        slug = story.tags.get().slug
        self.assertEqual(slug, "컴백")
        page = self.client.get(reverse("articles:tag", args=[slug]))
        self.assertContains(page, "Comeback news")
        self.assertContains(
            self.client.get(story.get_absolute_url()), "/news/tags/%EC%BB%B4%EB%B0%B1/"
        )
        self.assertEqual(
            self.client.get(reverse("articles:tag_feed", args=[slug])).status_code, 200
        )


class DerivedFromTidyTextTests(TestCase):
    def test_keys_and_search_words_come_from_the_tidied_text(self):
        from artists.models import Alias

        alias = Alias.objects.create(artist=make_artist("BTS"), name="BT\x1bS")
        self.assertEqual((alias.name, alias.key), ("BTS", "bts"))
        story = make_article("Teaser\x0cout")
        self.assertIn(" teaserout ", story.search_text)
