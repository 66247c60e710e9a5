from unittest import mock
from zoneinfo import ZoneInfo

from django import forms
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from common.pagination import EstimatedCountPaginator
from tests.factories import (
    byline_of,
    hours,
    make_article,
    make_artist,
    make_draft,
    make_picture,
    make_release,
    make_user,
    now,
)

KST = ZoneInfo("Asia/Seoul")


class ArticleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.rm = make_artist("RM")
        cls.release = make_release("Come Back to Me", artists=[cls.rm])
        cls.article = make_article(
            "An admin story",
            artists=[cls.rm],
            releases=[cls.release],
            tags=["Interview"],
            hero=make_picture(alt_text="A card", title="Title card"),
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_changelist_add_and_change_pages_load(self):
        for url in (
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_change", args=[self.article.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_editors_tools_are_one_click_away(self):
        changelist = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(changelist, reverse("admin:articles_article_import"))
        change = self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        for name in ("articles_article_revisions", "articles_article_share"):
            with self.subTest(tool=name):
                self.assertContains(change, reverse(f"admin:{name}", args=[self.article.pk]))

    def test_dates_are_shown_in_iso_form_and_british_forms_still_read(self):
        at = self.article.published_at.astimezone(KST)
        change = self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        self.assertContains(change, f'name="published_at_0" value="{at:%Y-%m-%d}"')
        read = forms.SplitDateTimeField().clean(["10/12/2026", "18:00"])  # the admin's field
        self.assertEqual((read.astimezone(KST).month, read.astimezone(KST).day), (12, 10))

    def test_a_story_has_one_history_its_revisions(self):
        change = self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        history = reverse("admin:articles_article_history", args=[self.article.pk])
        revisions = reverse("admin:articles_article_revisions", args=[self.article.pk])
        self.assertContains(change, f'href="{revisions}"', count=1)
        self.assertNotContains(change, history)
        self.assertContains(change, "View on site")
        self.assertRedirects(self.client.get(history), revisions)

    def test_the_workflow_log_and_trash_pages_load(self):
        for url in (
            reverse("admin:articles_transition_changelist"),
            reverse("admin:articles_trashedarticle_changelist"),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_changelist_filters_and_search(self):
        url = reverse("admin:articles_article_changelist")
        for query in (
            "?status__exact=published",
            "?artist_name=RM",  # the typed filters (articles/admin/listfilters.py)
            "?release_title=Come+Back+to+Me",
            f"?tags__id__exact={self.article.tags.get().pk}",
            "?q=admin+story",
        ):
            with self.subTest(query=query):
                response = self.client.get(url + query)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "An admin story")

    def test_change_page_shows_help_text_image_preview_and_view_on_site(self):
        response = self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        self.assertContains(response, "Goes live at this time once the status is Published")
        self.assertContains(response, self.article.hero.picture.renditions("square")[0].url)
        self.assertContains(response, "Title card")  # the hero chosen, by name
        self.assertContains(response, "Choose from the library")
        self.assertContains(response, "Insert image")
        self.assertContains(response, "View on site")

    def test_the_changelist_names_the_zone(self):
        response = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, " KST</td>")

    def test_an_editor_can_write_and_schedule_a_story_from_the_admin(self):
        at = (now() + hours(48)).astimezone(KST).replace(minute=0, second=0)
        response = self.client.post(
            reverse("admin:articles_article_add"),
            {
                "headline": "Written in the admin",
                "slug": "written-in-the-admin",
                "dek": "A standfirst.",
                "body": "“Quote.”\n— Someone",
                "status": "published",
                "published_at_0": at.strftime("%Y-%m-%d"),
                "published_at_1": at.strftime("%H:%M:%S"),
                "artists": [self.rm.pk],
                "releases": [self.release.pk],
                "tags": "Music video, Interview",
                "bylines": [byline_of(self.editor).pk],
            },
        )
        self.assertRedirects(response, reverse("admin:articles_article_changelist"))
        article = Article.objects.get(slug="written-in-the-admin")
        self.assertEqual(article.bylines_in_order, [byline_of(self.editor)])
        self.assertEqual(article.published_at, at)
        self.assertTrue(article.is_scheduled)
        self.assertIn("pull-quote", article.body_html)
        self.assertEqual(sorted(article.tags.names()), ["Interview", "Music video"])
        step = article.transitions.get()
        self.assertEqual(
            (step.from_status, step.to_status, step.by), ("draft", "published", self.editor)
        )

    def test_an_image_from_another_site_is_a_form_error_and_loses_nothing(self):
        body = "Words to keep.\n\n![Teaser](https://cdn.example/teaser.jpg)"
        response = self.client.post(
            reverse("admin:articles_article_add"),
            {"headline": "Outside picture", "slug": "outside", "body": body, "status": "draft"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Upload it to the picture library")
        self.assertContains(response, "Words to keep.")  # the text comes back in the form
        self.assertFalse(Article.objects.filter(slug="outside").exists())

    def test_the_story_search_finds_stories_by_any_name_of_their_artists(self):
        self.rm.hangul_name = "알엠"
        self.rm.save()
        self.rm.aliases.create(name="Kim Namjoon", language="ko-Latn")
        draft = make_draft("Studio diary, part two", artists=[self.rm])
        make_draft("Unrelated studio news")
        changelist = reverse("admin:articles_article_changelist")
        about_rm = {draft, self.article}
        for term, expected in [
            ("알엠", about_rm), ("kim namjoon", about_rm), ("RM", about_rm),
            ("studio diary", {draft}), ("Studio dia", {draft}),
        ]:  # fmt: skip
            with self.subTest(term=term):
                found = self.client.get(changelist, {"q": term}).context["cl"].result_list
                self.assertEqual(set(found), expected)

    def test_autocomplete_finds_artists_by_hangul_and_alias(self):
        self.rm.hangul_name = "알엠"
        self.rm.save()
        self.rm.aliases.create(name="Kim Namjoon", language="ko-Latn")
        for term in ("알엠", "namjoon"):
            with self.subTest(term=term):
                response = self.client.get(
                    reverse("admin:autocomplete"),
                    {
                        "term": term,
                        "app_label": "articles",
                        "model_name": "article",
                        "field_name": "artists",
                    },
                )
                self.assertEqual([r["text"] for r in response.json()["results"]], ["RM (알엠)"])


class StoryListCountTests(TestCase):
    """The story list counts exactly up to a thousand stories; past that, on PostgreSQL, it
    says about how many, from the planner, rather than count 100,000 of them."""

    url = reverse("admin:articles_article_changelist")

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        for n in range(4):
            make_article(f"Comeback story {n}")
        make_article("A review")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_up_to_the_limit_the_list_counts(self):
        self.assertContains(self.client.get(self.url), "5 stories")
        found = self.client.get(self.url, {"q": "comeback"})
        self.assertContains(found, "4 results")
        self.assertContains(found, "4 stories")
        self.assertNotContains(found, "about")

    @mock.patch.object(EstimatedCountPaginator, "EXACT_UP_TO", 2)
    def test_past_the_limit_it_says_about_how_many_on_postgresql(self):
        on_postgresql = connection.vendor == "postgresql"
        for query, exact in (({}, "5 stories"), ({"q": "comeback"}, "4 results")):
            with self.subTest(query=query):
                response = self.client.get(self.url, query)
                self.assertEqual(response.context["cl"].paginator.estimated, on_postgresql)
                if on_postgresql:
                    self.assertRegex(response.content.decode(), r"about [\d,]+ (stories|results)")
                else:
                    self.assertContains(response, exact)
                self.assertContains(response, "Comeback story 0")
