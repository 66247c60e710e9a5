"""What a revision's differences list beside the text: links, status and time, the hero
image, search and social fields."""

import datetime as dt

from django.test import TestCase
from django.urls import reverse

from articles.copydesk.importing import import_copy
from articles.diff import compare
from articles.models import Article, LinkSuggestion
from articles.services import suggestions_apply
from newsroom.roles import EDITOR
from tests.factories import (
    byline_of,
    change_form_data,
    image_file,
    make_article,
    make_artist,
    make_picture,
    make_release,
    make_role_user,
)


def rows_by_label(rows):
    return {str(label): (str(html), changed) for label, html, changed in rows}


class LinkDifferenceTests(TestCase):
    """An editor links and unlinks through the story form; the revisions say what changed."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "hana", "Hana")
        cls.jimin, cls.rm = make_artist("Jimin"), make_artist("RM")
        cls.face = make_release("FACE")
        cls.article = make_article(
            "Jimin's FACE", artists=[cls.jimin], releases=[cls.face], tags=["solo", "album"]
        )
        cls.article.set_bylines([byline_of(cls.editor)])

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:articles_article_change", args=[self.article.pk])

    def save(self, **changes):
        data = change_form_data(self.client, self.article, **changes)
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.article.refresh_from_db()

    def test_each_save_keeps_the_links_by_name_on_the_story_and_its_revision(self):
        self.save(releases=[self.face.pk], tags="solo, album, 서울")
        expected = {
            "artists": ["Jimin"],
            "releases": ["FACE"],
            "tags": ["album", "solo", "서울"],
            "bylines": ["Hana"],
        }
        self.assertEqual(self.article.links, expected)
        self.assertEqual(self.article.history.first().links, expected)

    def test_added_and_removed_links_are_rows_of_their_own(self):
        self.save(releases=[self.face.pk], tags="solo, album")
        self.save(artists=[self.jimin.pk, self.rm.pk], releases=[], tags="solo, comeback")
        new, old = self.article.history.all()[:2]
        rows = rows_by_label(compare(old, new))
        self.assertEqual(rows["artists"], ("Jimin, <ins>RM</ins>", True))
        self.assertEqual(rows["releases"], ("<del>FACE</del>", True))
        self.assertEqual(rows["tags"], ("<del>album</del>, <ins>comeback</ins>, solo", True))
        self.assertNotIn("bylines", rows)  # unchanged: not listed

    def test_the_compare_page_shows_link_changes(self):
        self.save(releases=[self.face.pk], tags="solo")
        self.save(releases=[self.face.pk], tags="solo, 컴백")
        new, old = self.article.history.all()[:2]
        compare_url = reverse("admin:articles_article_compare", args=[self.article.pk])
        response = self.client.get(compare_url, {"a": old.history_id, "b": new.history_id})
        self.assertContains(response, '<th scope="row">Tags</th>')
        self.assertContains(response, "<ins>컴백</ins>")

    def test_a_revision_from_before_links_were_kept_lists_no_link_rows(self):
        self.save(releases=[self.face.pk], tags="solo")
        new = self.article.history.first()
        old = self.article.history.last()  # written by make_article: no links kept
        self.assertEqual(old.links, {})
        labels = set(rows_by_label(compare(old, new)))
        self.assertFalse({"artists", "releases", "tags", "bylines"} & labels)


class FieldDifferenceTests(TestCase):
    def setUp(self):
        self.article = Article.objects.create(
            headline="Teaser", slug="teaser", body="One.", hero_caption="At the showcase"
        )

    def revisions(self, **changes):
        for name, value in changes.items():
            setattr(self.article, name, value)
        self.article.save()
        return self.article.history.all()[1], self.article.history.first()

    def test_status_and_publication_time_in_kst(self):
        at = dt.datetime(2024, 5, 24, 4, tzinfo=dt.UTC)
        rows = rows_by_label(compare(*self.revisions(status="published", published_at=at)))
        self.assertEqual(rows["status"], ("<del>Draft</del> → <ins>Published</ins>", True))
        self.assertEqual(rows["publication time"], ("<ins>24 May 2024, 1 PM KST</ins>", True))

    def test_hero_picture_and_caption(self):
        picture = make_picture(image_file("stage.jpg"), title="Seven men on a stage")
        old, new = self.revisions(hero=picture, hero_caption="At the fan showcase")
        rows = rows_by_label(compare(old, new))
        self.assertEqual(rows["hero picture"], ("<ins>Seven men on a stage</ins>", True))
        self.assertEqual(rows["caption"], ("At the <ins>fan </ins>showcase", True))

    def test_a_hero_picture_deleted_since_is_named_by_its_number(self):
        picture = make_picture(title="Gone")
        old, new = self.revisions(hero=picture)
        number = picture.pk
        picture.delete()
        rows = rows_by_label(compare(old, new))
        self.assertEqual(rows["hero picture"], (f"<ins>#{number}</ins>", True))

    def test_search_and_social_fields(self):
        old, new = self.revisions(
            seo_title="Teaser out", social_title="<b>Out now</b>", noindex=True
        )
        rows = rows_by_label(compare(old, new))
        self.assertEqual(rows["search headline"], ("<ins>Teaser out</ins>", True))
        self.assertIn("&lt;b&gt;", rows["social headline"][0])  # escaped
        noindex = rows["keep out of search engines"]
        self.assertEqual(noindex, ("<del>no</del> → <ins>yes</ins>", True))

    def test_a_proposed_headline_confirmed(self):
        self.article.headline_proposed = True
        self.article.save()
        rows = rows_by_label(compare(*self.revisions(headline_proposed=False)))
        proposed = rows["headline proposed by the copy desk"]
        self.assertEqual(proposed, ("<del>yes</del> → <ins>no</ins>", True))

    def test_the_text_is_always_listed_and_unchanged_fields_are_not(self):
        rows = compare(*self.revisions(hero_caption="Newsroom"))
        labels = [str(label) for label, _, _ in rows]
        self.assertEqual(labels, ["headline", "standfirst", "body", "caption"])
        self.assertEqual([changed for _, _, changed in rows], [False, False, False, True])


class LinksKeptByServicesTests(TestCase):
    def test_accepted_suggestions_are_recorded_on_the_latest_revision(self):
        article = make_article("Comeback", tags=["comeback"])
        artist = make_artist("Jimin")
        suggestion = LinkSuggestion.objects.create(
            article=article, artist=artist, matched="Jimin", decision="accepted"
        )
        suggestions_apply(article=article, decided=[suggestion])
        self.assertEqual(article.history.first().links["artists"], ["Jimin"])
        self.assertEqual(Article.objects.get(pk=article.pk).links["tags"], ["comeback"])

    def test_an_imported_draft_starts_with_no_links_recorded(self):
        report = import_copy(name="copy.txt", data=b"A headline\n\nA body for the story.")
        empty = {"artists": [], "releases": [], "tags": [], "bylines": []}
        self.assertEqual(report.article.history.first().links, empty)
