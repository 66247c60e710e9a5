"""Bylines: who signs a story, with or without an account, in the order chosen; their pages,
their names in feeds and JSON-LD, accounts kept in step, and the move from accounts."""

import json
import re
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError
from django.test import RequestFactory, TestCase, TransactionTestCase
from django.urls import reverse

from articles.bylines import validate_links
from articles.models import Article, Byline
from articles.views import story_parts
from newsroom.models import PendingPurge
from newsroom.roles import WRITER
from tests.factories import (
    byline_of,
    make_article,
    make_byline,
    make_draft,
    make_role_user,
    make_user,
)

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def json_ld(response):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(block[1])


def purged(since=0):
    """Every tag purged after the purge row `since`."""
    rows = PendingPurge.objects.filter(pk__gt=since)
    return {tag for row in rows for tag in row.tags}


def last_purge():
    return PendingPurge.objects.order_by("pk").values_list("pk", flat=True).last() or 0


class ContributorTests(TestCase):
    """A photographer without an account signs a story with a staff writer; a partner
    outlet's piece runs under its name."""

    @classmethod
    def setUpTestData(cls):
        cls.hana = byline_of(make_role_user(WRITER, "hana", "Hana"))
        cls.hana.links = "https://example.com/hana"
        cls.hana.save()
        cls.yuna = make_byline(
            "Yuna Choi",
            kind=Byline.Kind.PHOTOGRAPHER,
            bio="Shoots concerts and fan meetings around Seoul.",
            links="https://www.example.com/yuna\nhttps://example.org/@yuna",
        )
        cls.outlet = make_byline("Seoul Beat", kind=Byline.Kind.PARTNER)
        cls.story = make_article("Three nights at KSPO Dome", bylines=[cls.yuna, cls.hana])
        cls.draft = make_draft("Unreleased set list", bylines=[cls.yuna])
        cls.shared = make_article("Chart week", bylines=[cls.outlet])

    def test_the_story_prints_its_bylines_in_the_order_chosen(self):
        page = self.client.get(self.story.get_absolute_url())
        self.assertContains(
            page,
            'By <a href="/news/by/yuna-choi/" rel="author">Yuna Choi</a> and '
            '<a href="/news/by/hana/" rel="author">Hana</a>',
        )

    def test_json_ld_names_people_and_outlets_with_their_pages_and_profiles(self):
        authors = json_ld(self.client.get(self.story.get_absolute_url()))["author"]
        self.assertEqual(
            authors,
            [
                {
                    "@type": "Person",
                    "name": "Yuna Choi",
                    "url": "http://testserver/news/by/yuna-choi/",
                    "sameAs": ["https://www.example.com/yuna", "https://example.org/@yuna"],
                },
                {
                    "@type": "Person",
                    "name": "Hana",
                    "url": "http://testserver/news/by/hana/",
                    "sameAs": ["https://example.com/hana"],
                },
            ],
        )
        outlet = json_ld(self.client.get(self.shared.get_absolute_url()))["author"]
        self.assertEqual(
            [(a["@type"], a["name"]) for a in outlet], [("Organization", "Seoul Beat")]
        )

    def test_feeds_name_every_byline(self):
        rss = ET.fromstring(self.client.get(reverse("articles:feed")).content)
        creators = {i.findtext("title"): i.findtext(f"{DC}creator") for i in rss.iter("item")}
        self.assertEqual(creators["Three nights at KSPO Dome"], "Yuna Choi, Hana")
        self.assertEqual(creators["Chart week"], "Seoul Beat")
        atom = ET.fromstring(self.client.get(reverse("articles:feed_atom")).content)
        entries = {e.findtext(f"{ATOM}title"): e for e in atom.iter(f"{ATOM}entry")}
        alone = entries["Chart week"].find(f"{ATOM}author")
        self.assertEqual(alone.findtext(f"{ATOM}uri"), "http://testserver/news/by/seoul-beat/")

    def test_a_contributors_page_lists_their_published_stories_only(self):
        page = self.client.get(self.yuna.get_absolute_url())
        self.assertContains(page, "Three nights at KSPO Dome")
        self.assertNotContains(page, "Unreleased set list")
        self.assertContains(page, "Photographer")
        self.assertContains(page, "Shoots concerts and fan meetings around Seoul.")
        self.assertContains(
            page, '<a href="https://www.example.com/yuna" rel="me nofollow">example.com</a>'
        )
        data = json_ld(page)["mainEntity"]
        self.assertEqual((data["@type"], data["description"]), ("Person", self.yuna.bio))

    def test_a_staff_writers_links_are_their_own(self):
        page = self.client.get(self.hana.get_absolute_url())
        self.assertContains(page, '<a href="https://example.com/hana" rel="me">example.com</a>')

    def test_a_byline_on_drafts_alone_has_no_page(self):
        drafter = make_byline("Quiet Contributor")
        make_draft("Nothing out yet", bylines=[drafter])
        self.assertEqual(self.client.get(drafter.get_absolute_url()).status_code, 404)

    def test_a_byline_edit_purges_its_page_and_the_stories_it_signs(self):
        _, shown = story_parts(RequestFactory().get("/"), self.story)
        self.assertIn(self.yuna.cache_tag, shown)
        since = last_purge()
        self.yuna.name = "Yuna Choi-Park"
        self.yuna.save()
        self.assertIn(self.yuna.cache_tag, purged(since))

    def test_reordering_a_public_story_purges_it_and_both_lists(self):
        since = last_purge()
        self.story.set_bylines([self.hana, self.yuna])
        self.assertEqual(self.story.bylines_in_order, [self.hana, self.yuna])
        tags = purged(since)
        self.assertIn(self.story.cache_tag, tags)
        self.assertIn(f"{self.yuna.cache_tag}-stories", tags)

    def test_a_byline_that_signs_stories_cannot_be_deleted(self):
        with self.assertRaises(ProtectedError):
            self.yuna.delete()


class BylineTests(TestCase):
    def test_links_are_whole_web_addresses_one_a_line(self):
        validate_links("https://example.com/a\n\nhttp://example.org/b\n")
        for text in ("example.com/a", "javascript:alert(1)", "\n".join(["https://a.example"] * 9)):
            with self.subTest(text=text), self.assertRaises(ValidationError):
                validate_links(text)

    def test_a_new_staff_account_gets_a_byline_named_as_it_is(self):
        user = make_user("mina", staff=True)
        self.assertEqual((user.byline.name, user.byline.kind), ("mina", Byline.Kind.STAFF))
        user.first_name, user.last_name = "Mina", "Park"
        user.save()
        user.byline.refresh_from_db()
        # It signs nothing yet, so its address follows the name too.
        self.assertEqual((user.byline.name, user.byline.slug), ("Mina Park", "mina-park"))

    def test_a_renamed_writers_byline_keeps_its_address_once_it_signs_a_story(self):
        user = make_user("mina", staff=True)
        user.first_name = "Mina"
        user.save()
        make_article(bylines=[user.byline])
        user.first_name = "Minah"
        user.save()
        user.byline.refresh_from_db()
        self.assertEqual((user.byline.name, user.byline.slug), ("Minah", "mina"))

    def test_no_byline_shows_an_e_mail_address_or_goes_to_a_reader(self):
        self.assertEqual(make_user("jun@example.com", staff=True).byline.name, "jun")
        self.assertFalse(Byline.objects.filter(user=make_user("reader")).exists())

    def test_signing_in_does_not_touch_the_byline(self):
        user = make_user("mina", staff=True)
        with self.assertNumQueries(1):  # the account's own update
            user.save(update_fields=["last_login"])

    def test_bylined_users_are_the_active_accounts_in_byline_order(self):
        first, second, gone = (make_user(staff=True) for _ in range(3))
        gone.is_active = False
        gone.save()
        story = make_article(bylines=[second, make_byline("Outside Writer"), gone, first])
        self.assertEqual(list(story.bylined_users()), [second, first])

    def test_a_story_is_owned_by_its_creator_and_the_accounts_it_is_signed_by(self):
        writer, other, creator = (make_user(staff=True) for _ in range(3))
        story = make_draft(bylines=[writer, make_byline()], created_by=creator)
        self.assertTrue(story.is_owned_by(writer))
        self.assertTrue(story.is_owned_by(creator))
        self.assertFalse(story.is_owned_by(other))
        self.assertIn(story, Article.objects.drafts_of(writer))


class DataMigrationTests(TransactionTestCase):
    """Stories signed by accounts come out signed by bylines, in the same order."""

    before = [("articles", "0015_writing_desk")]
    after = [("articles", "0016_bylines")]

    def tearDown(self):
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    def test_every_signature_is_kept_in_its_order(self):
        executor = MigrationExecutor(connection)
        executor.migrate(self.before)
        old = executor.loader.project_state(self.before).apps
        User, Article = old.get_model("auth", "User"), old.get_model("articles", "Article")
        Signed = Article.authors.through
        hana = User.objects.create(username="h", first_name="Hana", last_name="Seo", is_staff=True)
        jun = User.objects.create(username="jun@example.com")  # left the desk; no name given
        User.objects.create(username="min", first_name="Min", is_staff=True)  # signs nothing
        User.objects.create(username="reader")
        User.objects.create(username="gone", is_staff=True, is_active=False)
        stories = Article._default_manager
        first = stories.create(headline="Two bylines", slug="two", body="Words.")
        second = stories.create(headline="One byline", slug="one", body="Words.")
        Signed.objects.create(article=first, user=jun)
        Signed.objects.create(article=first, user=hana)
        Signed.objects.create(article=second, user=hana)

        executor = MigrationExecutor(connection)
        executor.migrate(self.after)
        new = executor.loader.project_state(self.after).apps
        Byline, Links = (
            new.get_model("articles", "Byline"),
            new.get_model("articles", "ArticleByline"),
        )
        made = {(b.name, b.slug, b.kind, b.user_id) for b in Byline.objects.all()}
        min_id = User.objects.get(username="min").pk
        expected = {
            ("Hana Seo", "hana-seo", "staff", hana.pk),
            ("jun", "writer", "staff", jun.pk),
            ("Min", "min", "staff", min_id),
        }
        self.assertEqual(made, expected)

        def signed(story):
            links = Links.objects.filter(article_id=story.pk).order_by("position")
            return [link.byline.name for link in links]

        self.assertEqual(signed(first), ["jun", "Hana Seo"])
        self.assertEqual(signed(second), ["Hana Seo"])
