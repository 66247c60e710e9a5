"""Story cards are rendered once per content and kept in the process; an edit shows at once."""

from unittest import mock

from django.test import TestCase
from django.utils import timezone

from articles.templatetags import cards
from tests.factories import make_article, make_picture


class StoryCardTests(TestCase):
    def setUp(self):
        cards._cards.clear()
        self.story = make_article("Teaser out", dek="Forty seconds of the new concept.")

    def test_a_card_is_rendered_once_for_the_same_story(self):
        with mock.patch.object(cards, "render_to_string", wraps=cards.render_to_string) as render:
            first = cards.story_card(self.story)
            again = cards.story_card(self.story)
        self.assertEqual(render.call_count, 1)
        self.assertEqual(first, again)
        self.assertIn("Teaser out", first)
        self.assertIn(self.story.get_absolute_url(), first)

    def test_any_change_the_card_shows_makes_a_new_card(self):
        old = cards.story_card(self.story)
        for field, value in [
            ("headline", "Music video out"),
            ("dek", "Now with the full choreography."),
            ("published_at", timezone.now() - timezone.timedelta(days=2)),
            ("hero", make_picture()),
        ]:
            with self.subTest(field):
                setattr(self.story, field, value)
                self.assertNotEqual(cards.story_card(self.story), old)
        withdrawn = cards.story_card(self.story)
        self.story.hero.hidden = True
        self.story.hero.save()
        self.assertNotEqual(cards.story_card(self.story), withdrawn)
        self.assertNotIn("<picture>", cards.story_card(self.story))
        self.assertIn("Music video out", cards.story_card(self.story))

    def test_the_lead_card_is_kept_apart_from_the_plain_one(self):
        self.assertNotEqual(
            cards.story_card(self.story, featured=True), cards.story_card(self.story)
        )
        self.assertIn("card--lead", cards.story_card(self.story, featured=True))

    def test_the_process_keeps_a_bounded_number_of_cards(self):
        with mock.patch.object(cards, "KEPT", 3):
            for n in range(5):
                self.story.headline = f"Story {n}"
                cards.story_card(self.story)
        self.assertEqual(len(cards._cards), 3)
