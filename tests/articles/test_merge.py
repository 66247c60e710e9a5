"""Edits that merge: a save refused because a colleague saved first comes back holding both
people's changes; saving again loses neither."""

from django.test import Client, SimpleTestCase, TestCase
from django.urls import reverse

from articles.merge import CONFLICT, KEPT_MINE, MERGED, SAME, TOOK_THEIRS, merge_field
from articles.merge import merge_paragraphs as merge
from articles.models import Article
from articles.services import article_publish
from newsroom.roles import EDITOR
from tests.factories import byline_of, change_form_data, make_artist, make_role_user

BASE = "Intro.\n\nSecond paragraph.\n\nThird paragraph.\n\nOutro."


class ParagraphMergeTests(SimpleTestCase):
    def test_changes_to_different_paragraphs_are_both_kept(self):
        mine = BASE.replace("Intro.", "A better intro.")
        theirs = BASE.replace("Outro.", "A better outro.")
        self.assertEqual(
            merge(BASE, mine, theirs),
            "A better intro.\n\nSecond paragraph.\n\nThird paragraph.\n\nA better outro.",
        )

    def test_paragraphs_added_and_removed_in_different_places(self):
        mine = BASE.replace("Second paragraph.\n\n", "")
        theirs = BASE + "\n\nA new last word."
        self.assertEqual(
            merge(BASE, mine, theirs), "Intro.\n\nThird paragraph.\n\nOutro.\n\nA new last word."
        )

    def test_changes_to_the_same_paragraph_do_not_merge(self):
        mine = BASE.replace("Second paragraph.", "Second paragraph, mine.")
        theirs = BASE.replace("Second paragraph.", "Second paragraph, theirs.")
        self.assertIsNone(merge(BASE, mine, theirs))

    def test_two_insertions_at_the_same_place_do_not_merge(self):
        mine = BASE.replace("Intro.", "Intro.\n\nMine.")
        theirs = BASE.replace("Intro.", "Intro.\n\nTheirs.")
        self.assertIsNone(merge(BASE, mine, theirs))

    def test_a_clash_settled_either_way_keeps_every_other_change(self):
        mine = BASE.replace("Intro.", "Intro, mine.").replace("Outro.", "Outro, mine.")
        theirs = BASE.replace("Intro.", "Intro, theirs.").replace("Third", "3rd")
        self.assertEqual(
            merge(BASE, mine, theirs, prefer="theirs"),
            "Intro, theirs.\n\nSecond paragraph.\n\n3rd paragraph.\n\nOutro, mine.",
        )
        self.assertEqual(
            merge(BASE, mine, theirs, prefer="mine"),
            "Intro, mine.\n\nSecond paragraph.\n\n3rd paragraph.\n\nOutro, mine.",
        )

    def test_the_same_change_on_both_sides_is_made_once(self):
        both = BASE.replace("Outro.", "The end.")
        self.assertEqual(merge(BASE, both, both), both)


class FieldMergeTests(SimpleTestCase):
    def test_outcomes(self):
        self.assertEqual(merge_field("a", "b", "a").how, KEPT_MINE)
        self.assertEqual(merge_field("a", "a", "c").how, TOOK_THEIRS)
        self.assertEqual(merge_field("a", "b", "b").how, SAME)
        self.assertEqual(merge_field("a", "b", "c").how, CONFLICT)

    def test_links_both_sides_changed_keep_every_addition_and_removal(self):
        outcome = merge_field([1, 2, 3], [1, 2, 3, 4], [2, 3, 5], kind="set")
        self.assertEqual((outcome.how, outcome.value), (MERGED, [2, 3, 4, 5]))


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def posted_again(response, **choices):
    """The refused form as the browser sends it back when the person presses Save again."""
    data = response.context["adminform"].form.data
    return {**{key: data.getlist(key) for key in data}, **choices}


class TwoEditorsTests(TestCase):
    """Hana and Jae open the same story; Hana saves first; Jae's save is refused and merged."""

    @classmethod
    def setUpTestData(cls):
        cls.hana = make_role_user(EDITOR, "hana", "Hana")
        cls.jae = make_role_user(EDITOR, "jae", "Jae")
        cls.bts, cls.rm, cls.jin = (make_artist(n) for n in ("BTS", "RM", "Jin"))

    def setUp(self):
        self.article = Article.objects.create(
            headline="MV review", slug="mv-review", dek="Dek", body=BASE
        )
        self.article.artists.add(self.bts)
        self.article.set_bylines([byline_of(self.hana)])
        self.url = reverse("admin:articles_article_change", args=[self.article.pk])
        self.first, self.second = logged_in(self.hana), logged_in(self.jae)
        self.hana_form = change_form_data(self.first, self.article)
        self.jae_form = change_form_data(self.second, self.article)

    def hana_saves(self, **changes):
        self.assertEqual(self.first.post(self.url, {**self.hana_form, **changes}).status_code, 302)

    def jae_is_refused(self, **changes):
        refused = self.second.post(self.url, {**self.jae_form, **changes})
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "Hana saved this story at")
        return refused

    def test_a_field_only_the_other_changed_survives_the_second_save(self):
        self.hana_saves(headline="MV review: a long take")
        refused = self.jae_is_refused(dek="A new standfirst")
        self.assertContains(refused, "their change, which you had not touched")
        self.assertEqual(self.second.post(self.url, posted_again(refused)).status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.headline, "MV review: a long take")
        self.assertEqual(self.article.dek, "A new standfirst")

    def test_bodies_changed_in_different_paragraphs_are_merged(self):
        self.hana_saves(body=BASE.replace("Intro.", "Hana's intro."))
        refused = self.jae_is_refused(body=BASE.replace("Outro.", "Jae's outro."))
        self.assertContains(refused, "your changes and theirs together")
        self.assertEqual(self.second.post(self.url, posted_again(refused)).status_code, 302)
        self.article.refresh_from_db()
        self.assertIn("Hana's intro.", self.article.body)
        self.assertIn("Jae's outro.", self.article.body)

    def test_a_paragraph_both_changed_asks_which_to_keep(self):
        self.hana_saves(body=BASE.replace("Third paragraph.", "Third, by Hana."))
        refused = self.jae_is_refused(body=BASE.replace("Third paragraph.", "Third, by Jae."))
        self.assertContains(refused, "choose which to keep")
        self.assertContains(refused, 'name="keep_body" value="theirs"')

        undecided = self.second.post(self.url, posted_again(refused))
        self.assertEqual(undecided.status_code, 200)
        self.assertContains(undecided, "Choose which version to keep of: Body")
        self.article.refresh_from_db()
        self.assertIn("Third, by Hana.", self.article.body)

        chosen = self.second.post(self.url, posted_again(undecided, keep_body="mine"))
        self.assertEqual(chosen.status_code, 302)
        self.article.refresh_from_db()
        self.assertIn("Third, by Jae.", self.article.body)

    def test_choosing_theirs_for_a_paragraph_keeps_the_writers_other_paragraphs(self):
        self.hana_saves(body=BASE.replace("Intro.", "Hana's intro."))
        jae_body = BASE.replace("Intro.", "Jae's intro.").replace("Outro.", "Jae's outro.")
        refused = self.jae_is_refused(body=jae_body)
        self.assertContains(refused, "every other change of yours and theirs is kept")
        self.assertEqual(refused.context["adminform"].form.data["body"], jae_body)
        again = posted_again(refused, keep_body="theirs")
        self.assertEqual(self.second.post(self.url, again).status_code, 302)
        self.article.refresh_from_db()
        self.assertIn("Hana's intro.", self.article.body)
        self.assertIn("Jae's outro.", self.article.body)
        self.assertNotIn("Jae's intro.", self.article.body)

    def test_choosing_theirs_keeps_their_text(self):
        self.hana_saves(headline="Hana's headline")
        refused = self.jae_is_refused(headline="Jae's headline", dek="Jae's standfirst")
        again = posted_again(refused, keep_headline="theirs")
        self.assertEqual(self.second.post(self.url, again).status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(
            (self.article.headline, self.article.dek), ("Hana's headline", "Jae's standfirst")
        )

    def test_links_added_by_each_are_all_kept(self):
        self.hana_saves(artists=[self.bts.pk, self.rm.pk])
        refused = self.jae_is_refused(artists=[self.bts.pk, self.jin.pk])
        self.assertEqual(self.second.post(self.url, posted_again(refused)).status_code, 302)
        self.assertEqual(
            set(self.article.artists.values_list("name", flat=True)), {"BTS", "RM", "Jin"}
        )

    def test_a_link_the_other_removed_stays_removed(self):
        self.hana_saves(artists=[self.rm.pk])
        refused = self.jae_is_refused(dek="Only the standfirst")
        self.assertEqual(self.second.post(self.url, posted_again(refused)).status_code, 302)
        self.assertEqual(list(self.article.artists.values_list("name", flat=True)), ["RM"])

    def test_publishing_meanwhile_is_not_undone_by_a_text_edit(self):
        article_publish(article=self.article, by=self.hana)
        refused = self.second.post(self.url, {**self.jae_form, "dek": "Late fix"})
        self.assertEqual(refused.status_code, 200)
        self.assertEqual(self.second.post(self.url, posted_again(refused)).status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.status, Article.Status.PUBLISHED)
        self.assertEqual(self.article.dek, "Late fix")

    def test_a_third_save_in_between_is_merged_again(self):
        self.hana_saves(headline="Hana's headline")
        refused = self.jae_is_refused(dek="Jae's standfirst")
        hana_again = change_form_data(self.first, Article.objects.get(pk=self.article.pk))
        self.assertEqual(
            self.first.post(
                self.url, {**hana_again, "body": BASE + "\n\nHana's last word."}
            ).status_code,
            302,
        )
        refused_again = self.second.post(self.url, posted_again(refused))
        self.assertEqual(refused_again.status_code, 200)
        self.assertEqual(self.second.post(self.url, posted_again(refused_again)).status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.headline, "Hana's headline")
        self.assertEqual(self.article.dek, "Jae's standfirst")
        self.assertIn("Hana's last word.", self.article.body)

    def test_an_untouched_publication_time_is_not_a_conflict(self):
        article_publish(article=self.article, by=self.hana)  # a time with microseconds
        self.article.refresh_from_db()
        self.jae_form = change_form_data(self.second, self.article)
        self.hana_form = change_form_data(self.first, self.article)
        self.hana_saves(headline="Hana's headline")
        refused = self.jae_is_refused(dek="Jae's standfirst")
        self.assertNotContains(refused, "keep_published_at")
        self.assertEqual(self.second.post(self.url, posted_again(refused)).status_code, 302)
