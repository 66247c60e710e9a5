"""Posts on social platforms in stories: queued when a story is saved, fetched by the worker
from a local fake provider, stored, shown as click-to-load embeds or link cards, with the
page's Content-Security-Policy allowing the platform only where its embed is shown."""

import re
import time
import unittest
from unittest import mock

from django.core.cache import caches
from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from articles import oembed
from articles.embeds import Embeds, SocialEmbed, fill_embeds, queue_embeds
from articles.live import live_cache_tag
from articles.markdown import render_markdown
from articles.services import article_publish, article_unpublish
from common.http import listing
from newsroom.cache import RedisCache
from newsroom.cachestore import CLOCK_MARGIN_NS, purge
from newsroom.models import PendingPurge
from newsroom.roles import EDITOR
from newsroom.taskqueue import run_due
from tests.factories import make_article, make_artist, make_draft, make_role_user
from tests.fakes_oembed import AUTHOR, WORDS, FakeOembed
from tests.newsroom.test_security import policy

X_POST = "https://x.com/ive_official/status/1790000000000000001"
POSTS = {
    "x": X_POST,
    "instagram": "https://www.instagram.com/p/C9xYz_12ab/",
    "threads": "https://www.threads.com/@aespa_official/post/C9xYz_12ab",
    "tiktok": "https://www.tiktok.com/@ive.official/video/7312345678901234567",
    "soundcloud": "https://soundcloud.com/some-producer/demo-2026",
    "spotify": "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
}
WEVERSE = "https://weverse.io/ive/artist/1-146254889"
S = SocialEmbed.Status


def body_with(*lines):
    return "\n\n".join(["The group posted this.", *lines, "More words after it."])


def fetches():
    """The links of the queued fetches, in order."""
    rows = DBTaskResult.objects.filter(task_path="articles.embeds.fetch_embed")
    return [row.args_kwargs["args"][0] for row in rows.order_by("enqueued_at")]


class WithFakeProvider:
    """A fake provider for the whole class, every platform pointed at it."""

    @classmethod
    def setUpClass(cls):
        cls.fake = FakeOembed().start()
        cls.fake_settings = cls.fake.settings(timeout=0.5)
        cls.fake_settings.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.fake_settings.disable()
        cls.fake.stop()

    def setUp(self):
        self.fake.requests.clear()
        self.fake.answers.clear()


class QueueingTests(WithFakeProvider, TestCase):
    def test_saving_a_story_queues_each_post_once_and_nothing_else(self):
        story = make_article(
            body=body_with(X_POST, POSTS["spotify"], WEVERSE, "https://youtu.be/dQw4w9WgXcQ")
        )
        self.assertEqual(sorted(fetches()), sorted([X_POST, POSTS["spotify"]]))
        self.assertEqual(
            {(row.link, row.status) for row in SocialEmbed.objects.all()},
            {(X_POST, S.WAITING), (POSTS["spotify"], S.WAITING)},
        )
        story.headline = "Corrected headline"
        story.save()
        self.assertEqual(len(fetches()), 2, "a post already queued is not queued again")
        self.assertEqual(self.fake.requests, [], "nothing is asked during the save")

    def test_a_story_without_posts_queues_nothing(self):
        make_article(body="Just words, and a link: https://example.com/news.")
        self.assertEqual(fetches(), [])
        self.assertFalse(SocialEmbed.objects.exists())

    def test_the_same_post_linked_two_ways_is_one_row(self):
        make_article(body=body_with(X_POST))
        make_article(
            body=body_with("https://twitter.com/IVE_official/status/1790000000000000001?s=20")
        )
        self.assertEqual(SocialEmbed.objects.get().link, X_POST)

    def test_live_entries_and_any_html_can_queue_their_posts(self):
        story = make_article()
        html = render_markdown(body_with(POSTS["tiktok"]))
        self.assertEqual(queue_embeds(html, story, live=True), [POSTS["tiktok"]])
        task = DBTaskResult.objects.get(args_kwargs__args__0=POSTS["tiktok"])
        self.assertEqual(task.args_kwargs["args"], [POSTS["tiktok"], story.pk, True])


class FetchingTests(WithFakeProvider, TestCase):
    def test_the_worker_fetches_and_stores_each_platform(self):
        make_draft(body=body_with(*POSTS.values()))
        self.assertEqual(run_due(), len(POSTS))
        for platform, link in POSTS.items():
            with self.subTest(platform):
                row = SocialEmbed.objects.get(link=link)
                self.assertEqual((row.platform, row.status, row.error), (platform, S.EMBEDDED, ""))
                self.assertEqual(row.author_name, AUTHOR)
                self.assertIn(WORDS, row.title)
                self.assertIsNotNone(row.fetched_at)
                self.assertEqual(self.fake.asked(f"/oembed/{platform}")[0]["url"], link)
                self.assertNotIn("<script", row.html)
        self.assertEqual(self.fake.asked("/oembed/x")[0]["omit_script"], "1")

    def test_a_deleted_post_is_gone(self):
        self.fake.answer(X_POST, status=404)
        make_article(body=body_with(X_POST))
        run_due()
        row = SocialEmbed.objects.get()
        self.assertEqual(row.status, S.GONE)
        self.assertIn("404", row.error)

    def test_a_post_the_platform_will_not_embed(self):
        self.fake.answer(X_POST, status=501)
        make_article(body=body_with(X_POST))
        run_due()
        self.assertEqual(SocialEmbed.objects.get().status, S.NOT_EMBEDDABLE)

    def test_an_answer_with_nothing_to_show_is_not_embeddable(self):
        self.fake.answer(X_POST, body={"type": "link", "title": "A post", "html": ""})
        make_article(body=body_with(X_POST))
        run_due()
        self.assertEqual(SocialEmbed.objects.get().status, S.NOT_EMBEDDABLE)

    def test_a_slow_provider_times_out_and_is_asked_again_later(self):
        self.fake.answer(X_POST, delay=3)
        make_article(body=body_with(X_POST))
        started = time.monotonic()
        run_due()
        self.assertLess(time.monotonic() - started, 2.5)
        row = SocialEmbed.objects.get()
        self.assertEqual(row.status, S.UNAVAILABLE)
        self.assertIn("No answer within 0.5 s", row.error)
        retry = DBTaskResult.objects.filter(status="READY").get()
        self.assertEqual(retry.args_kwargs["args"][3], 2)  # the second attempt, for later
        self.assertEqual(run_due(), 0, "not due yet")

    def test_a_provider_down_is_unavailable_and_gives_up_after_its_attempts(self):
        down = FakeOembed().start()
        down.stop()  # nothing listens on its port any more
        with down.settings(timeout=0.5), self.settings(OEMBED_ATTEMPTS=2):
            make_article(body=body_with(X_POST))
            run_due()
            row = SocialEmbed.objects.get()
            self.assertEqual(row.status, S.UNAVAILABLE)
            self.assertIn("refused", row.error)
            DBTaskResult.objects.filter(status="READY").update(run_after=row.fetched_at)
            self.assertEqual(run_due(), 1)  # the second and last attempt
            self.assertFalse(DBTaskResult.objects.filter(status="READY").exists())

    def test_a_post_already_embedded_stays_when_its_provider_is_down(self):
        story = make_article(body=body_with(X_POST))
        run_due()
        self.fake.answer(X_POST, delay=3)
        queue_embeds(story.body_html, story, refresh=True)
        run_due()
        row = SocialEmbed.objects.get()
        self.assertEqual(row.status, S.EMBEDDED)
        self.assertIn(WORDS, row.html)
        self.assertIn("No answer", row.error)

    def test_a_hostile_answer_is_stored_clean(self):
        self.fake.answer(
            X_POST,
            body={
                "type": "rich",
                "author_name": "Someone",
                "author_url": "javascript:alert(1)",
                "html": '<blockquote class="twitter-tweet evil" onclick="alert(1)">'
                '<p style="color:red">Hi <a href="javascript:alert(2)">x</a></p>'
                '<img src="https://tracker.example/p.gif"></blockquote>'
                "<script>alert(3)</script>"
                '<iframe src="https://evil.example/frame"></iframe>',
            },
        )
        make_article(body=body_with(X_POST))
        run_due()
        row = SocialEmbed.objects.get()
        self.assertEqual(row.status, S.EMBEDDED)
        self.assertEqual(
            row.html,
            '<blockquote class="twitter-tweet">'
            '<p>Hi <a rel="noopener noreferrer">x</a></p></blockquote>',
        )
        self.assertEqual(row.author_url, "")


class RefreshTests(WithFakeProvider, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "editor")

    def test_a_story_going_out_again_asks_again_and_a_deleted_post_becomes_a_card(self):
        story = make_article(
            body=body_with(X_POST), dek="Out now.", artists=[make_artist()], bylines=[self.editor]
        )
        run_due()
        self.assertContains(self.client.get(story.get_absolute_url()), WORDS)
        article_unpublish(article=story, by=self.editor)
        self.assertEqual(fetches(), [X_POST], "taking a story down asks nothing")
        self.fake.answer(X_POST, status=404)
        article_publish(article=story, by=self.editor)
        self.assertEqual(fetches(), [X_POST, X_POST])
        run_due()
        self.assertEqual(SocialEmbed.objects.get().status, S.GONE)
        page = self.client.get(story.get_absolute_url())
        self.assertContains(page, "This post is no longer available.")
        self.assertContains(page, f'href="{X_POST}"')
        self.assertNotContains(page, WORDS)
        self.assertNotContains(page, "<template")

    def test_a_correction_of_a_published_story_asks_nothing_again(self):
        story = make_article(body=body_with(X_POST))
        run_due()
        story.dek = "A new standfirst."
        story.save()
        self.assertEqual(fetches(), [X_POST])


class PurgeTests(WithFakeProvider, TestCase):
    def purged(self):
        return [(row.tags, row.hard) for row in PendingPurge.objects.order_by("pk")]

    def test_a_fetch_purges_the_page_of_the_story_that_asked_softly(self):
        story = make_article(body=body_with(X_POST))
        PendingPurge.objects.all().delete()
        run_due()
        self.assertEqual(self.purged(), [([story.cache_tag], False)])

    def test_a_fetch_for_live_coverage_purges_the_live_page_too(self):
        story = make_article()
        PendingPurge.objects.all().delete()
        queue_embeds(render_markdown(body_with(X_POST)), story, live=True)
        PendingPurge.objects.all().delete()
        run_due()
        self.assertEqual(
            self.purged(), [(sorted([story.cache_tag, live_cache_tag(story.pk)]), False)]
        )

    def test_a_fetch_for_a_draft_or_that_changes_nothing_purges_nothing(self):
        draft = make_draft(body=body_with(X_POST))
        PendingPurge.objects.all().delete()
        run_due()
        self.assertEqual(self.purged(), [])
        story = make_article(body=body_with(X_POST))
        PendingPurge.objects.all().delete()
        queue_embeds(story.body_html, story, refresh=True)
        run_due()
        self.assertEqual(self.purged(), [], "the same answer again")
        self.assertTrue(draft.pk)


@override_settings(PAGE_CACHE_SECONDS=300)
class CachedPageTests(WithFakeProvider, TestCase):
    def test_the_cached_page_keeps_its_policy_and_the_fetch_shows_on_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            story = make_article(body=body_with(X_POST))
        path = story.get_absolute_url()
        self.assertContains(self.client.get(path), "link-card")
        with self.captureOnCommitCallbacks(execute=True):
            run_due()
        first = self.client.get(path)
        self.assertEqual(first["X-Page-Cache"], "MISS")
        self.assertContains(first, "Load the post from X")
        time.sleep(CLOCK_MARGIN_NS / 1e9 * 2)
        self.client.get(path)
        cached = self.client.get(path)
        self.assertEqual(cached["X-Page-Cache"], "HIT")
        self.assertEqual(cached["Content-Security-Policy"], first["Content-Security-Policy"])
        self.assertIn(self.fake.url, policy(cached)["script-src"])

    @unittest.skipIf(
        isinstance(caches["default"], RedisCache),
        "with Redis a More on purge makes the story's parts again (a known loss of reuse, "
        "not of content: the policy test above holds there)",
    )
    def test_a_page_made_again_from_its_kept_parts_keeps_its_policy(self):
        """Purged for its More on boxes, the page is made from the story's kept parts
        (story_parts is not called again): the policy comes with them."""
        artist = make_artist()
        with self.captureOnCommitCallbacks(execute=True):
            story = make_article(body=body_with(X_POST), artists=[artist])
            run_due()
        # The parts are kept only once the purges of the story's making are older than the
        # clock margin: a busy machine must not make the first render too early to keep.
        time.sleep(CLOCK_MARGIN_NS / 1e9 * 2)
        path = story.get_absolute_url()
        self.assertIn(self.fake.url, policy(self.client.get(path))["script-src"])
        time.sleep(CLOCK_MARGIN_NS / 1e9 * 2)
        with self.captureOnCommitCallbacks(execute=True):
            purge({listing(artist.cache_tag)})
        with mock.patch("newsroom.templatetags.newsroom.story_parts") as parts:
            again = self.client.get(path)
        parts.assert_not_called()
        self.assertEqual(again["X-Page-Cache"], "MISS")
        self.assertIn(self.fake.url, policy(again)["script-src"])


class ShowingTests(WithFakeProvider, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plain = make_article(body="Just words.")

    def page(self, *lines):
        story = make_article(body=body_with(*lines))
        run_due()
        return self.client.get(story.get_absolute_url())

    def test_an_embedded_post_loads_nothing_from_the_platform_before_the_click(self):
        html = self.page(X_POST).content.decode()
        figure = re.search(r'<figure class="social-embed.*?</figure>', html, re.DOTALL)[0]
        self.assertIn('data-platform="x"', figure)
        self.assertIn(f'data-script="{self.fake.url}/widgets.js"', figure)
        self.assertIn("Load the post from X", figure)
        self.assertIn(f'<a href="{X_POST}" rel="noopener noreferrer">See the post on X', figure)
        self.assertIn(AUTHOR, figure)
        self.assertIn(WORDS, figure)
        outside_template = re.sub(r"<template.*?</template>", "", html, flags=re.DOTALL)
        self.assertNotRegex(outside_template, r"<iframe|<blockquote class=\"twitter-tweet")
        self.assertNotIn(self.fake.url, re.sub(r'data-script="[^"]*"', "", outside_template))
        self.assertNotIn('widgets.js"></script>', html)
        self.assertEqual(self.fake.asked("/widgets.js"), [])
        template = re.search(r"<template[^>]*>(.*?)</template>", html, re.DOTALL)[1]
        self.assertIn('<blockquote class="twitter-tweet"', template)

    def test_a_players_thumbnail_is_never_printed(self):
        html = self.page(POSTS["spotify"]).content.decode()
        self.assertTrue(SocialEmbed.objects.get().thumbnail_url)
        self.assertNotIn("thumbnails/", html)
        self.assertIn("Load the player from Spotify", html)

    def test_posts_not_embedded_are_link_cards(self):
        self.fake.answer(X_POST, status=404)
        self.fake.answer(POSTS["instagram"], status=501)
        story = make_article(body=body_with(X_POST, POSTS["instagram"], POSTS["tiktok"], WEVERSE))
        run_due(limit=2)  # TikTok's fetch is still waiting
        self.assertEqual(SocialEmbed.objects.get(link=POSTS["tiktok"]).status, S.WAITING)
        html = self.client.get(story.get_absolute_url()).content.decode()
        cards = re.findall(r'<figure class="link-card.*?</figure>', html, re.DOTALL)
        self.assertEqual(len(cards), 4)
        for card, (name, link) in zip(
            cards,
            [
                ("X", X_POST),
                ("Instagram", POSTS["instagram"]),
                ("TikTok", POSTS["tiktok"]),
                ("Weverse", WEVERSE),
            ],
            strict=True,
        ):
            with self.subTest(name):
                self.assertIn(f'<span class="link-card__platform">{name}</span>', card)
                self.assertIn(f'href="{link}"', card)
        self.assertIn("no longer available", cards[0])
        self.assertNotIn("social-embed__load", html)
        self.assertNotIn("<template", html)

    def test_only_a_page_showing_an_embed_allows_its_platform(self):
        site = policy(self.client.get(self.plain.get_absolute_url()))
        self.assertNotIn(self.fake.url, str(site))
        with_x = policy(self.page(X_POST))
        self.assertEqual(with_x["script-src"], [*site["script-src"], self.fake.url])
        self.assertEqual(with_x["frame-src"], [*site["frame-src"], self.fake.url])
        for directive in set(site) - {"script-src", "frame-src"}:
            self.assertEqual(with_x[directive], site[directive], directive)
        self.fake.answer(POSTS["tiktok"], status=404)
        self.assertEqual(policy(self.page(POSTS["tiktok"], WEVERSE)), site, "cards need nothing")

    def test_a_player_needs_frames_and_no_script(self):
        allowed = policy(self.page(POSTS["soundcloud"]))
        self.assertIn(self.fake.url, allowed["frame-src"])
        self.assertNotIn(self.fake.url, allowed["script-src"])

    def test_a_page_asks_one_query_for_its_embeds_however_many(self):
        def queries(story):
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 200)
            return len(captured)

        one = make_article(body=body_with(X_POST))
        ten_links = [
            f"https://x.com/ive_official/status/17900000000000001{n:02}" for n in range(10)
        ]
        ten = make_article(body=body_with(*ten_links))
        run_due()
        self.assertEqual(SocialEmbed.objects.filter(status=S.EMBEDDED).count(), 11)
        self.assertEqual(queries(one), queries(self.plain) + 1)
        self.assertEqual(queries(ten), queries(one))
        self.assertContains(self.client.get(ten.get_absolute_url()), "Load the post from X", 10)

    def test_any_html_is_filled_from_one_query(self):
        run = make_article(body=body_with(X_POST))
        run_due()
        entries = [render_markdown(body_with(X_POST)), run.body_html, "<p>None</p>"]
        with self.assertNumQueries(1):
            embeds = Embeds.of_html(*entries)
        with self.assertNumQueries(0):
            filled = [embeds.fill(html) for html in entries]
        self.assertIn("Load the post from X", filled[0])
        self.assertEqual(filled[2], "<p>None</p>")
        self.assertEqual(embeds.platforms, ["x"])
        with self.assertNumQueries(0):
            self.assertEqual(fill_embeds("<p>No posts.</p>"), "<p>No posts.</p>")


class CleaningTests(SimpleTestCase):
    """What a provider sends is cleaned against the markup each platform is known to send."""

    def setUp(self):
        frames = {"frames": ["https://open.spotify.com"]}
        self.enterContext(override_settings(OEMBED_PROVIDERS={"spotify": frames, "x": {}}))

    def test_nothing_that_runs_survives(self):
        hostile = (
            '<blockquote class="twitter-tweet" data-dnt="true" onmouseover="alert(1)" '
            'style="background:url(javascript:alert(2))"><p lang="ko">안녕 '
            '<a href="javascript:alert(3)">x</a> <a href="https://t.co/abc">pic</a></p>'
            "<svg onload=alert(4)></svg><img src=x onerror=alert(5)><object data=x></object>"
            "</blockquote><script src=https://platform.twitter.com/widgets.js></script>"
            "<style>body{display:none}</style><!-- a comment -->"
        )
        self.assertEqual(
            oembed.clean("x", hostile),
            '<blockquote class="twitter-tweet" data-dnt="true"><p lang="ko">안녕 '
            '<a rel="noopener noreferrer">x</a> '
            '<a href="https://t.co/abc" rel="noopener noreferrer">pic</a></p></blockquote>',
        )

    def test_a_frame_only_from_the_platforms_own_hosts_with_harmless_permissions(self):
        ours = (
            '<iframe src="https://open.spotify.com/embed/track/1" width="100%" height="352" '
            'allow="autoplay; camera; microphone; encrypted-media" allowfullscreen></iframe>'
        )
        self.assertEqual(
            oembed.clean("spotify", ours),
            '<iframe src="https://open.spotify.com/embed/track/1" width="100%" height="352" '
            'allow="autoplay; encrypted-media" allowfullscreen=""></iframe>',
        )
        for src in (
            "https://evil.example/embed",
            "https://open.spotify.com.evil.example/embed",
            "javascript:alert(1)",
            "//evil.example/x",
            "data:text/html,<script>alert(1)</script>",
        ):
            with self.subTest(src=src):
                self.assertNotIn("src=", oembed.clean("spotify", f'<iframe src="{src}"></iframe>'))

    def test_another_platforms_markup_is_not_that_platforms(self):
        self.assertEqual(
            oembed.clean("x", '<blockquote class="instagram-media twitter-tweet">a</blockquote>'),
            '<blockquote class="twitter-tweet">a</blockquote>',
        )
        self.assertEqual(
            oembed.clean("x", '<iframe src="https://open.spotify.com/e"></iframe>'), ""
        )

    def test_an_answer_of_only_a_script_or_text_holds_nothing(self):
        for markup in ("<script>alert(1)</script>", "Just text", "<p>A paragraph</p>", ""):
            with self.subTest(markup=markup):
                self.assertEqual(oembed.clean("x", markup), "")

    def test_stored_html_is_cleaned_again_when_shown(self):
        row = SocialEmbed(
            link=X_POST,
            platform="x",
            status=S.EMBEDDED,
            html='<blockquote class="twitter-tweet">Hi<script>alert(1)</script></blockquote>',
        )
        html = Embeds([row]).figure("x", X_POST)
        self.assertIn('<blockquote class="twitter-tweet">Hi</blockquote>', html)
        self.assertNotIn("<script", html)
