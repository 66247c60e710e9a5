from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    byline_of,
    hours,
    make_article,
    make_artist,
    make_draft,
    make_group,
    make_membership,
    make_release,
    make_user,
    now,
)


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.single = make_release("Come Back to Me", artists=[cls.rm])
        cls.author = make_user("hana")
        cls.author.first_name, cls.author.last_name = "Hana", "Seo"
        cls.author.save()
        cls.story = make_article(
            "The video, explained",
            dek="Three days in Paju.",
            body="“It was cold.”\n— Lee Sung Jin",
            artists=[cls.rm],
            releases=[cls.single],
            tags=["Music video"],
            source_credit="From an interview with a partner outlet",
            # 13:00 KST yesterday: today's would be in the future before 04:00 UTC.
            published_at=(now() - hours(24)).replace(hour=4, minute=0, second=0),
        )
        cls.story.set_bylines([byline_of(cls.author)])
        cls.sibling = make_article("The teaser", releases=[cls.single])

    def test_the_page_links_everything_the_story_is_about(self):
        response = self.client.get(self.story.get_absolute_url())
        self.assertContains(
            response, '<h1 class="story__headline">The video, explained</h1>', html=False
        )
        self.assertContains(response, 'By <a href="/news/by/', html=False)
        self.assertContains(response, 'rel="author">Hana Seo</a>')
        self.assertContains(response, "1 PM KST")
        self.assertContains(response, f'href="{self.rm.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.single.get_absolute_url()}"')
        self.assertContains(response, reverse("articles:tag", args=["music-video"]))
        self.assertContains(response, "From an interview with a partner outlet")
        self.assertContains(response, "<figcaption>Lee Sung Jin</figcaption>")

    def test_more_on_the_release_links_the_other_story(self):
        response = self.client.get(self.story.get_absolute_url())
        self.assertContains(response, "More on Come Back to Me")
        self.assertContains(response, self.sibling.get_absolute_url())

    def test_the_body_is_served_as_stored_not_rendered_per_request(self):
        Article.objects.filter(pk=self.story.pk).update(body_html="<p>stored html</p>")
        self.assertContains(self.client.get(self.story.get_absolute_url()), "<p>stored html</p>")

    def test_published_pages_are_indexable_and_have_no_preview_banner(self):
        response = self.client.get(self.story.get_absolute_url())
        self.assertNotContains(response, "Preview — not published")
        self.assertNotContains(response, "noindex")
        self.assertNotIn("X-Robots-Tag", response.headers)

    def test_unknown_slug_is_404(self):
        self.assertEqual(self.client.get("/news/no-such-story/").status_code, 404)


class StaffPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.draft = make_draft("Secret review")
        cls.scheduled = make_article("Embargoed news", published_at=now() + hours(3))
        cls.editor = make_user(staff=True, perms=["articles.change_article"])
        cls.staff_without_permission = make_user(staff=True)
        cls.reader_with_permission = make_user(perms=["articles.change_article"])

    def test_anonymous_readers_get_404_for_drafts_and_scheduled_stories(self):
        for article in (self.draft, self.scheduled):
            with self.subTest(article=article.headline):
                response = self.client.get(article.get_absolute_url())
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, article.headline, status_code=404)

    def test_only_staff_who_can_edit_stories_may_preview(self):
        for user in (self.staff_without_permission, self.reader_with_permission):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)

    def test_editors_see_a_draft_with_banner_noindex_and_no_caching(self):
        self.client.force_login(self.editor)
        for article in (self.draft, self.scheduled):
            with self.subTest(article=article.headline):
                response = self.client.get(article.get_absolute_url())
                self.assertContains(response, article.headline)
                self.assertContains(response, "Preview — not published")
                self.assertContains(response, '<meta name="robots" content="noindex, nofollow">')
                self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
                self.assertIn("no-store", response["Cache-Control"])
                self.assertIn("private", response["Cache-Control"])

    def test_an_impossible_as_of_date_is_treated_as_not_given(self):
        """30 February parses as a date-time but names no moment: staff see the site as now
        (without the scheduled story), not a server error."""
        self.client.force_login(self.editor)
        for url in (reverse("articles:list"), reverse("home")):
            for value in ("2030-02-30T13:00", "2030-13-01T13:00", "2030-05-24T25:00"):
                with self.subTest(url=url, as_of=value):
                    response = self.client.get(url, {"as_of": value})
                    self.assertEqual(response.status_code, 200)
                    self.assertNotContains(response, self.scheduled.headline)

    def test_the_banner_says_when_a_scheduled_story_goes_live(self):
        self.client.force_login(self.editor)
        response = self.client.get(self.scheduled.get_absolute_url())
        self.assertContains(response, "it goes live")
        self.assertContains(response, "KST")


class DraftsStayOffPublicPagesTests(TestCase):
    """A draft, a future or a trashed story about an artist, release and tag shows up nowhere."""

    @classmethod
    def setUpTestData(cls):
        cls.member = make_artist("Member")
        cls.group = make_group("Group")
        make_membership(cls.member, cls.group)
        cls.release = make_release("Album", artists=[cls.member])
        about = {"artists": [cls.member], "releases": [cls.release], "tags": ["News"]}
        cls.public = make_article("Public story", **about)
        cls.hidden = [
            make_draft("Hidden draft", **about),
            make_article("Hidden future", published_at=now() + hours(1), **about),
            make_article("Hidden trashed", deleted_at=now() - hours(1), **about),
        ]

    def public_urls(self):
        return [
            reverse("home"),
            reverse("articles:list"),
            reverse("articles:list") + f"?artist={self.member.slug}",
            reverse("articles:list") + f"?release={self.release.slug}",
            reverse("articles:list") + "?tag=news",
            reverse("articles:tag", args=["news"]),
            self.public.get_absolute_url(),
            self.member.get_absolute_url(),
            self.group.get_absolute_url(),
            self.release.get_absolute_url(),
        ]

    def test_the_public_story_is_on_every_list(self):
        for url in self.public_urls():
            if url != self.public.get_absolute_url():
                with self.subTest(url=url):
                    self.assertContains(self.client.get(url), "Public story")

    def test_hidden_stories_appear_nowhere(self):
        for url in self.public_urls():
            response = self.client.get(url)
            for article in self.hidden:
                with self.subTest(url=url, article=article.headline):
                    self.assertNotContains(response, article.headline)
                    self.assertNotContains(response, article.get_absolute_url())


class ArticleListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.jin = make_artist("Jin")
        cls.album = make_release("Album", artists=[cls.rm])
        cls.rm_story = make_article(
            "RM story", artists=[cls.rm], releases=[cls.album], tags=["Interview"]
        )
        cls.jin_story = make_article("Jin story", artists=[cls.jin], tags=["Review"])
        for i in range(25):
            make_article(f"Filler {i}", published_at=now() - hours(10 + i))

    def test_filters_by_artist_release_and_tag(self):
        cases = {
            f"?artist={self.rm.slug}": self.rm_story,
            f"?release={self.album.slug}": self.rm_story,
            "?tag=review": self.jin_story,
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                response = self.client.get(reverse("articles:list") + query)
                self.assertEqual(list(response.context["page_obj"]), [expected])

    def test_an_unknown_filter_value_is_explained_not_an_error(self):
        response = self.client.get(reverse("articles:list") + "?artist=nobody")
        self.assertContains(response, "Some filters were not recognised")

    def test_lists_are_paginated_newest_first(self):
        first = self.client.get(reverse("articles:list"))
        self.assertEqual(len(first.context["page_obj"]), 20)
        self.assertEqual(first.context["page_obj"][0], self.jin_story)
        self.assertContains(first, "?page=2")
        second = self.client.get(reverse("articles:list") + "?page=2")
        self.assertEqual(len(second.context["page_obj"]), 7)
        self.assertEqual(self.client.get(reverse("articles:list") + "?page=x").status_code, 200)

    def test_pagination_keeps_the_filter(self):
        for i in range(21):
            make_article(f"More Jin {i}", artists=[self.jin])
        response = self.client.get(reverse("articles:list") + f"?artist={self.jin.slug}")
        self.assertContains(response, f"?artist={self.jin.slug}&amp;page=2")

    def test_tag_page(self):
        response = self.client.get(reverse("articles:tag", args=["interview"]))
        self.assertEqual(list(response.context["page_obj"]), [self.rm_story])
        self.assertEqual(self.client.get(reverse("articles:tag", args=["nope"])).status_code, 404)

    def test_a_tag_only_drafts_carry_has_no_page_or_feed(self):
        make_draft("Embargoed", tags=["Secret comeback"])
        for name in ("articles:tag", "articles:tag_feed"):
            with self.subTest(name=name):
                url = reverse(name, args=["secret-comeback"])
                self.assertEqual(self.client.get(url).status_code, 404)


class ArticlePageQueryCountTests(TestCase):
    """The article page costs the same number of queries with 1 or 30 related stories."""

    # story, bylines, artists, releases, tags, notes, memberships, two related boxes
    EXPECTED = 9

    def build(self, related):
        member, group = make_artist(), make_group()
        make_membership(member, group)
        release = make_release(artists=[member])
        story = make_article(artists=[group, member], releases=[release], tags=["A", "B"])
        story.set_bylines([byline_of(make_user()), byline_of(make_user())])
        for _ in range(related):
            make_article(artists=[member], releases=[release], tags=["A"])
            make_article(artists=[group])
        return story

    def test_one_related_story(self):
        story = self.build(related=1)
        with self.assertNumQueries(self.EXPECTED):
            self.client.get(story.get_absolute_url())

    def test_thirty_related_stories(self):
        story = self.build(related=30)
        with self.assertNumQueries(self.EXPECTED):
            self.client.get(story.get_absolute_url())

    def test_list_pages_do_not_grow_with_their_length(self):
        for count in (1, 30):
            Article.objects.all().delete()
            for _ in range(count):
                make_article(tags=["X"], artists=[make_artist()])
            with (
                self.subTest(count=count),
                self.assertNumQueries(1),
            ):  # the page, one row more: no count
                self.client.get(reverse("articles:list"))
            with self.subTest(count=count), self.assertNumQueries(2):  # tag + page
                self.client.get(reverse("articles:tag", args=["x"]))


class ActiveFilterTests(TestCase):
    def test_an_active_filter_shows_as_a_chip_that_removes_it(self):
        rm = make_artist("RM")
        make_article("Tagged", artists=[rm], tags=["Interview"])
        response = self.client.get(reverse("articles:list") + f"?artist={rm.slug}&tag=interview")
        self.assertContains(response, "Artist: <strong>RM</strong>")
        self.assertContains(response, 'href="?tag=interview"')
        self.assertContains(response, f'href="?artist={rm.slug}"')
