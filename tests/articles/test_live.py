"""Live coverage as readers get it: entries newest first, the endpoint pages poll, JSON-LD,
the feed, and what each entry purges."""

import json
import re
import xml.etree.ElementTree as ET
from unittest import mock

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.coverage import cursor
from articles.live import (
    coverage_set,
    entry_correct,
    entry_delete,
    entry_mark,
    entry_post,
    live_cache_tag,
)
from articles.models import Article, LiveState
from articles.services import live_entry_split
from newsroom.roles import EDITOR
from newsroom.taskqueue import run_due
from tests.articles.test_embeds import X_POST, WithFakeProvider, fetches
from tests.factories import (
    hours,
    make_article,
    make_artist,
    make_picture,
    make_release,
    make_role_user,
    now,
)
from tests.fakes_oembed import WORDS
from tests.newsroom.test_security import policy

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured(response):
    """The story's own JSON-LD block (a page has others: the site's, its breadcrumbs)."""
    blocks = [json.loads(block) for block in LD.findall(response.content.decode())]
    return [b for b in blocks if "headline" in b]


class LiveTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "editor", first_name="Hana")
        cls.group = make_artist("SEVENTEEN")
        cls.story = make_article(
            "MAMA 2026, as it happens",
            dek="Every award, every stage.",
            artists=[cls.group],
            published_at=now() - hours(2),
        )
        coverage_set(article=cls.story, state=LiveState.LIVE, now=now() - hours(2))

    def post(self, body, minutes_ago=0, **fields):
        at = now() - hours(minutes_ago / 60)
        return entry_post(article=self.story, body=body, by=self.editor, now=at, **fields)

    def page(self):
        return self.client.get(self.story.get_absolute_url())

    def updates(self):
        return self.client.get(reverse("articles:live_updates", args=[self.story.slug]))


class LivePageTests(LiveTestCase):
    def test_entries_newest_first_with_pinned_on_top_and_key_moments(self):
        first = self.post("The red carpet opens in Osaka.", minutes_ago=50, key_moment=True)
        self.post("SEVENTEEN arrive in white suits.", minutes_ago=40)
        pinned = self.post("**Album of the Year** goes to SEVENTEEN.", minutes_ago=5, pinned=True)
        self.post("The encore stage begins.", minutes_ago=1)
        html = self.page().content.decode()
        self.assertIn('class="live live--live"', html)
        # The pinned entry first, then the others newest first.
        order = [int(n) for n in re.findall(r'data-entry="(\d+)"', html)]
        self.assertEqual(order[0], pinned.pk)
        self.assertEqual(order[1:], sorted(order[1:], reverse=True))
        self.assertIn("<strong>Album of the Year</strong>", html)
        key = re.search(r'<nav class="live-key".*?</nav>', html, re.S)[0]
        self.assertIn(f'href="#entry-{first.pk}"', key)
        self.assertIn("The red carpet opens in Osaka.", key)
        # Times in KST, for a script to add the reader's own.
        self.assertRegex(html, r'<time datetime="[^"]+\+09:00" data-local>\d+(:\d\d)? [AP]M KST')
        self.assertIn("js/live.js", html)

    def test_a_story_that_is_not_live_coverage_has_no_live_part(self):
        story = make_article("An ordinary review")
        html = self.client.get(story.get_absolute_url()).content.decode()
        self.assertNotIn("data-live-endpoint", html)
        self.assertNotIn("live.js", html)
        self.assertEqual(self.client.get(f"/news/{story.slug}/live.json").status_code, 404)

    def test_a_picture_and_a_correction_show(self):
        picture = make_picture(caption="The trophy", credit="Yonhap")
        entry = self.post("The trophy, up close.", picture=picture)
        entry_correct(entry=entry, body="The trophy, close up.", picture=picture)
        html = self.page().content.decode()
        self.assertIn("The trophy, close up.", html)
        self.assertIn("Corrected", html)
        self.assertIn("Yonhap", html)

    def test_deleted_entries_are_gone_from_the_page_and_the_json_ld(self):
        entry = self.post("A wrong winner, posted too early.")
        entry_delete(entry=entry)
        response = self.page()
        self.assertNotContains(response, "A wrong winner")
        data = structured(response)[0]
        self.assertEqual(data["@type"], "LiveBlogPosting")
        self.assertEqual(data.get("liveBlogUpdate", []), [])

    def test_json_ld_is_a_live_blog_posting(self):
        for minute in range(55, 0, -1):  # 55 entries: the latest 50 are listed
            self.post(f"Update number {56 - minute}.", minutes_ago=minute)
        data = structured(self.page())[0]
        self.assertEqual(data["@type"], "LiveBlogPosting")
        self.assertEqual(data["headline"], "MAMA 2026, as it happens")
        self.assertIn("coverageStartTime", data)
        self.assertNotIn("coverageEndTime", data)
        updates = data["liveBlogUpdate"]
        self.assertEqual(len(updates), 50)
        self.assertEqual(updates[0]["articleBody"], "Update number 55.")
        self.assertEqual(updates[0]["@type"], "BlogPosting")
        self.assertRegex(updates[0]["url"], r"#entry-\d+$")
        coverage_set(article=self.story, state=LiveState.ENDED)
        self.assertIn("coverageEndTime", structured(self.page())[0])

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_the_query_count_does_not_grow_with_the_entries(self):
        pictures = [make_picture(), make_picture()]

        def queries(entries):
            for n in range(entries):
                self.post(f"Entry {n}\n\n[picture:{pictures[n % 2].pk}]", picture=pictures[n % 2])
            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.page().status_code, 200)
            return len(context)

        self.assertEqual(queries(1), queries(29))


class EndpointTests(LiveTestCase):
    def test_the_endpoint_gives_the_latest_changes_with_their_html(self):
        kept = self.post("Best Dance Performance: a tie.", minutes_ago=3)
        gone = self.post("Posted by mistake.", minutes_ago=2)
        entry_delete(entry=gone)
        response = self.updates()
        self.assertEqual(response["Content-Type"], "application/json")
        answer = response.json()
        self.assertEqual(answer["state"], "live")
        self.assertEqual(answer["state_label"], "Live")
        self.assertTrue(answer["complete"])
        by_id = {entry["id"]: entry for entry in answer["entries"]}
        self.assertTrue(by_id[gone.pk]["deleted"])
        self.assertEqual(by_id[gone.pk]["html"], "")
        self.assertIn("Best Dance Performance: a tie.", by_id[kept.pk]["html"])
        self.assertIn(f'id="entry-{kept.pk}"', by_id[kept.pk]["html"])
        # Newest change first; the version is the newest cursor.
        self.assertEqual(answer["entries"][0]["id"], gone.pk)
        gone.refresh_from_db()
        self.assertEqual(answer["version"], cursor(gone.updated_at))

    def test_the_page_tells_its_script_where_it_stands(self):
        entry = self.post("The show begins.")
        html = self.page().content.decode()
        self.assertIn(f'data-live-version="{cursor(entry.updated_at)}"', html)
        endpoint = reverse("articles:live_updates", args=[self.story.slug])
        self.assertIn(f'data-live-endpoint="{endpoint}"', html)

    def test_a_long_night_says_when_the_answer_is_not_everything(self):
        for n in range(51):
            self.post(f"Entry {n}")
        answer = self.updates().json()
        self.assertEqual(len(answer["entries"]), 50)
        self.assertFalse(answer["complete"])

    def test_drafts_and_takedowns_have_no_endpoint(self):
        draft = make_article("Not yet", status=Article.Status.DRAFT, published_at=None)
        coverage_set(article=draft, state=LiveState.LIVE)
        self.assertEqual(self.client.get(f"/news/{draft.slug}/live.json").status_code, 404)

    @override_settings(PAGE_CACHE_SECONDS=300, CDN_CACHE_SECONDS=60)
    def test_browsers_ask_again_each_poll_and_the_cache_keeps_one_copy(self):
        self.post("One.")
        first = self.updates()
        self.assertEqual(first["Cache-Control"], "public, max-age=0")
        self.assertEqual(first["X-Page-Cache"], "MISS")
        with self.assertNumQueries(0):
            again = self.updates()
        self.assertEqual(again["X-Page-Cache"], "HIT")
        self.assertEqual(again["Cache-Control"], "public, max-age=0")
        # Revalidation by ETag: nothing sent again when nothing changed.
        etag = again["ETag"]
        self.assertEqual(
            self.client.get(
                reverse("articles:live_updates", args=[self.story.slug]), HTTP_IF_NONE_MATCH=etag
            ).status_code,
            304,
        )
        # Other pages keep the usual max-age.
        self.assertEqual(self.page()["Cache-Control"], "public, max-age=60")


@override_settings(PAGE_CACHE_SECONDS=300)
class PurgeTests(LiveTestCase):
    def change(self):
        return self.captureOnCommitCallbacks(execute=True)

    def test_a_new_entry_purges_the_live_page_and_endpoint_only(self):
        home = reverse("articles:list")  # a list showing the story's card
        self.client.get(home)
        self.page()
        self.updates()
        self.assertEqual(self.client.get(home)["X-Page-Cache"], "HIT")
        with self.change():
            self.post("A new entry.")
        self.assertEqual(self.client.get(home)["X-Page-Cache"], "HIT")  # not the whole site
        self.assertContains(self.page(), "A new entry.")
        self.assertIn("A new entry.", json.dumps(self.updates().json()))

    def test_each_change_purges_just_the_live_tag(self):
        with mock.patch("newsroom.purges.purge") as purge:
            entry = self.post("Posted.")
            entry_mark(entry=entry, pinned=True)
            entry_delete(entry=entry)
        tag = live_cache_tag(self.story.pk)
        calls = [(sorted(c.args[0]), c.kwargs.get("hard", False)) for c in purge.call_args_list]
        self.assertEqual(calls, [([tag], False), ([tag], False), ([tag], True)])

    def test_a_deleted_entry_is_never_served_again(self):
        with self.change():
            entry = self.post("Wrong winner named.")
        self.assertContains(self.page(), "Wrong winner named.")
        self.assertContains(self.updates(), "Wrong winner named.")
        with self.change():
            entry_delete(entry=entry)
        self.assertNotContains(self.page(), "Wrong winner named.")
        self.assertNotContains(self.updates(), "Wrong winner named.")

    def test_entries_on_a_draft_purge_nothing(self):
        draft = make_article("Not yet", status=Article.Status.DRAFT, published_at=None)
        with mock.patch("newsroom.purges.purge") as purge:
            entry_post(article=draft, body="Prepared.", by=self.editor)
        purge.assert_not_called()


class ServiceTests(LiveTestCase):
    def test_going_live_pausing_and_ending_set_the_times(self):
        story = make_article("Golden Disc Awards, live")
        coverage_set(article=story, state=LiveState.LIVE, now=now() - hours(3))
        started = story.coverage_start
        coverage_set(article=story, state=LiveState.PAUSED)
        self.assertEqual(story.coverage_start, started)
        coverage_set(article=story, state=LiveState.ENDED, now=now())
        self.assertIsNotNone(story.coverage_end)
        coverage_set(article=story, state=LiveState.LIVE)  # reopened
        story.refresh_from_db()
        self.assertEqual(story.coverage_start, started)
        self.assertIsNone(story.coverage_end)

    def test_one_entry_is_pinned_at_a_time(self):
        first = self.post("First.", pinned=True)
        second = self.post("Second.", pinned=True)
        first.refresh_from_db()
        self.assertFalse(first.pinned)
        self.assertTrue(second.pinned)

    def test_marking_is_not_a_correction_but_new_words_are(self):
        entry = self.post("Red carpet.")
        entry_mark(entry=entry, key_moment=True)
        self.assertIsNone(entry.corrected_at)
        entry_correct(entry=entry, body="Red carpet, in the rain.", key_moment=True)
        self.assertIsNotNone(entry.corrected_at)

    def test_an_entry_split_out_becomes_a_draft_story_linked_once_published(self):
        release = make_release("Happy Burstday", artists=[self.group])
        self.story.releases.add(release)
        entry = self.post("## Daesang for SEVENTEEN\n\nThe group took the top prize.")
        story = live_entry_split(entry=entry, by=self.editor)
        self.assertEqual(story.status, Article.Status.DRAFT)
        self.assertEqual(story.headline, "Daesang for SEVENTEEN")
        self.assertEqual(list(story.artists.all()), [self.group])
        self.assertEqual(list(story.releases.all()), [release])
        self.assertNotContains(self.page(), "The full story")
        story.status, story.published_at = Article.Status.PUBLISHED, now()
        story.save()
        self.assertContains(self.page(), f'href="{story.get_absolute_url()}"')


class FeedTests(LiveTestCase):
    def test_the_coverage_has_a_feed_of_its_entries(self):
        self.post("Newest first.", minutes_ago=1)
        gone = self.post("Deleted.", minutes_ago=0)
        entry_delete(entry=gone)
        response = self.client.get(reverse("articles:live_feed", args=[self.story.slug]))
        self.assertEqual(response.status_code, 200)
        items = ET.fromstring(response.content).findall("./channel/item")
        self.assertEqual([item.findtext("title") for item in items], ["Newest first."])
        self.assertRegex(items[0].findtext("link"), r"#entry-\d+$")
        self.assertRegex(items[0].findtext("guid"), r"^tag:testserver,\d{4}-\d\d-\d\d:live-entry-")
        self.assertContains(self.page(), reverse("articles:live_feed", args=[self.story.slug]))


class CardTests(LiveTestCase):
    def test_cards_of_running_coverage_say_live(self):
        listing = self.client.get(reverse("articles:list")).content.decode()
        self.assertRegex(listing, r'<span class="card__live">Live</span> <a href="[^"]+">MAMA 2026')
        coverage_set(article=self.story, state=LiveState.ENDED)
        self.assertNotContains(self.client.get(reverse("articles:list")), "card__live")


class EmbedTests(WithFakeProvider, LiveTestCase):
    """Posts on social platforms in entries: fetched by the worker, shown click-to-load."""

    def test_an_entry_with_a_post_is_fetched_in_the_background_and_shown(self):
        entry = self.post(f"The teaser is out.\n\n{X_POST}")
        self.assertEqual(fetches(), [X_POST])  # queued with the entry, not fetched now
        self.assertContains(self.page(), "See the post on X")  # a link card meanwhile
        with mock.patch("newsroom.purges.purge") as purge:
            self.assertEqual(run_due(), 1)
        purged = {tag for c in purge.call_args_list for tag in c.args[0]}
        self.assertIn(live_cache_tag(self.story.pk), purged)
        html = self.page().content.decode()
        self.assertIn(WORDS, html)
        self.assertNotIn(f'<script src="{self.fake.url}', html)  # loaded on the click
        answer = self.updates().json()
        self.assertIn(WORDS, answer["entries"][0]["html"])
        self.assertEqual(answer["entries"][0]["id"], entry.pk)

    def test_running_coverage_allows_every_platform_and_ended_only_those_shown(self):
        self.post("No posts yet.")
        running = policy(self.page())
        self.assertIn(self.fake.url, running["script-src"])
        self.assertIn(self.fake.url, running["frame-src"])
        coverage_set(article=self.story, state=LiveState.ENDED)
        ended = policy(self.page())
        self.assertNotIn(self.fake.url, ended["script-src"])

    def test_embeds_cost_one_query_whatever_their_number(self):
        def queries():
            with CaptureQueriesContext(connection) as context:
                self.page()
            return len(context)

        self.post(f"One.\n\n{X_POST}")
        one = queries()
        for n in range(5):
            self.post(f"Another.\n\nhttps://x.com/ive_official/status/17900000000000001{n}")
        self.assertEqual(queries(), one)


class WalkthroughFixTests(LiveTestCase):
    def test_the_headline_of_an_entry_is_its_words_without_markdown(self):
        entry = self.post("**It's out.** *The album* is here: [listen](https://example.com/a)")
        self.assertEqual(entry.headline, "It's out. The album is here: listen")
        entry = self.post(f"{X_POST}\n\nThe teaser & the poster")
        self.assertEqual(entry.headline, "The teaser & the poster")
        story = live_entry_split(entry=self.post("## Daesang: *aespa*\n\nWords."), by=self.editor)
        self.assertEqual((story.headline, story.slug), ("Daesang: aespa", "daesang-aespa"))

    def test_a_link_on_the_next_line_is_still_a_link_alone(self):
        entry = self.post(f"Winter just posted:\n{X_POST}\nMore to come.")
        self.assertIn('class="social-embed"', entry.body_html)
        self.assertIn("<p>Winter just posted:</p>", entry.body_html)
        self.assertIn("<p>More to come.</p>", entry.body_html)

    def test_a_post_fetched_later_counts_as_a_change_of_its_entries(self):
        from articles.embeds import SocialEmbed
        from articles.live import show_fetched_post

        entry = self.post(f"Teaser:\n\n{X_POST}")
        other = self.post("Unrelated.")
        before = {e.pk: e.updated_at for e in self.story.live_entries.all()}
        embed = SocialEmbed.objects.get(link=X_POST)
        show_fetched_post(SocialEmbed, embed=embed, article_pk=self.story.pk, live=True)
        after = {e.pk: e.updated_at for e in self.story.live_entries.all()}
        self.assertGreater(after[entry.pk], before[entry.pk])
        self.assertEqual(after[other.pk], before[other.pk])

    def test_the_feed_carries_an_entry_picture(self):
        picture = make_picture(caption="Confetti", credit="Newsroom")
        self.post("Confetti.", picture=picture)
        feed = self.client.get(reverse("articles:live_feed", args=[self.story.slug]))
        item = ET.fromstring(feed.content).find("./channel/item")
        self.assertRegex(item.find("enclosure").get("url"), r"^http://testserver/.+\.jpe?g$")


@override_settings(PAGE_CACHE_SECONDS=300)
class TakedownTests(LiveTestCase):
    def test_a_picture_withdrawn_leaves_the_cached_endpoint_at_once(self):
        picture = make_picture(caption="The trophy", credit="Yonhap / Kim")
        self.post("The trophy.", picture=picture)
        self.assertContains(self.updates(), "Yonhap / Kim")
        self.assertEqual(self.updates()["X-Page-Cache"], "HIT")
        with self.captureOnCommitCallbacks(execute=True):
            picture.hidden = True
            picture.save()
        self.assertNotContains(self.updates(), "Yonhap / Kim")
