import datetime as dt

from django.core.exceptions import ValidationError
from django.test import TestCase

from articles.models import Article
from tests.factories import (
    hours,
    make_article,
    make_artist,
    make_draft,
    make_gallery,
    make_group,
    make_membership,
    make_picture,
    make_release,
    now,
)


class VisibilityTests(TestCase):
    """published() and is_published() are one rule: the truth table, row by row."""

    @classmethod
    def setUpTestData(cls):
        cls.now = now()
        yesterday, tomorrow = cls.now - hours(24), cls.now + hours(24)
        published, draft = Article.Status.PUBLISHED, Article.Status.DRAFT
        cls.table = {
            # (status, publication time): visible to the public?
            (published, yesterday): True,
            (published, cls.now): True,
            (published, tomorrow): False,
            (draft, yesterday): False,
            (draft, tomorrow): False,
            (draft, None): False,
        }
        cls.articles = {key: make_article(status=key[0], published_at=key[1]) for key in cls.table}
        # A published story in the trash is never public.
        cls.trashed = make_article(published_at=yesterday, deleted_at=yesterday)

    def test_published_queryset_follows_the_truth_table(self):
        visible = set(Article.objects.published(now=self.now))
        for key, expected in self.table.items():
            with self.subTest(status=key[0], published_at=key[1]):
                self.assertEqual(self.articles[key] in visible, expected)

    def test_the_trash_is_never_public(self):
        self.assertNotIn(self.trashed, Article.everything.published(now=self.now))
        self.assertFalse(self.trashed.is_published(now=self.now))

    def test_is_published_agrees_with_the_queryset_for_every_row(self):
        visible = set(Article.everything.published(now=self.now))
        for article in Article.everything.all():
            with self.subTest(article=article.headline):
                self.assertEqual(article.is_published(now=self.now), article in visible)

    def test_a_scheduled_story_becomes_public_at_its_time_and_not_a_second_before(self):
        at = self.now + hours(24)
        story = self.articles[(Article.Status.PUBLISHED, at)]
        before = at - dt.timedelta(seconds=1)
        self.assertNotIn(story, Article.objects.published(now=before))
        self.assertIn(story, Article.objects.published(now=at))
        self.assertFalse(story.is_published(now=before))
        self.assertTrue(story.is_published(now=at))


class SaveTests(TestCase):
    def test_body_is_rendered_and_sanitised_once_on_save(self):
        article = make_article(body="Hello **there**<script>alert(1)</script>")
        self.assertEqual(article.body_html, "<p>Hello <strong>there</strong></p>\n")

    def test_saving_only_the_body_also_stores_its_html(self):
        article = make_article(body="old")
        article.body = "*new*"
        article.save(update_fields=["body"])
        article.refresh_from_db()
        self.assertIn("<em>new</em>", article.body_html)

    def test_publishing_without_a_time_publishes_now(self):
        article = make_draft()
        article.status = Article.Status.PUBLISHED
        article.save()
        self.assertIsNotNone(article.published_at)
        self.assertTrue(article.is_published())

    def test_a_draft_keeps_an_empty_publication_time(self):
        self.assertIsNone(make_draft().published_at)

    def test_slug_comes_from_the_headline_when_left_empty(self):
        article = make_article("RM's “Come Back to Me” is out", slug="")
        self.assertEqual(article.slug, "rms-come-back-to-me-is-out")

    def test_a_story_never_takes_the_address_of_the_feed(self):
        story = make_article("Feed", slug="")
        self.assertEqual(story.slug, "feed-2")
        self.assertContains(self.client.get(story.get_absolute_url()), "Feed")
        story.slug = "feed"
        with self.assertRaisesMessage(ValidationError, "is the address of another page"):
            story.full_clean()

    def test_automatic_slugs_are_unique_and_never_empty(self):
        first = make_article("Same headline", slug="")
        second = make_article("Same headline", slug="")
        third = make_article("Same headline", slug="")
        hangul = make_article("방탄소년단 컴백", slug="")
        self.assertEqual(
            [first.slug, second.slug, third.slug, hangul.slug],
            ["same-headline", "same-headline-2", "same-headline-3", "story"],
        )

    def test_an_image_from_another_site_is_refused_at_save_with_what_to_do(self):
        article = make_draft(body="Words.\n\n![Teaser](https://other.example/teaser.jpg)")
        with self.assertRaises(ValidationError) as raised:
            article.full_clean()
        [message] = raised.exception.message_dict["body"]
        self.assertIn("an image from another site (“https://other.example/teaser.jpg”)", message)
        self.assertIn("Upload it to the picture library", message)

    def test_an_html_image_is_refused_too(self):
        article = make_draft(body='<img src="//cdn.example/a.png" alt="">')
        with self.assertRaises(ValidationError) as raised:
            article.full_clean()
        self.assertIn("another site", raised.exception.message_dict["body"][0])

    def test_a_library_file_typed_by_its_address_points_at_its_reference(self):
        picture = make_picture()
        article = make_draft(body=f"![A stage]({picture.file.url})")
        with self.assertRaises(ValidationError) as raised:
            article.full_clean()
        self.assertIn(
            f"(the line [picture:{picture.pk}])", raised.exception.message_dict["body"][0]
        )

    def test_a_reference_to_a_picture_the_library_lacks_is_refused(self):
        article = make_draft(body="Words.\n\n[picture:999]\n\n[gallery:998]")
        with self.assertRaises(ValidationError) as raised:
            article.full_clean()
        self.assertEqual(
            raised.exception.message_dict["body"],
            [
                "The picture library has no picture [picture:999]: choose one with “Insert image”.",
                "The picture library has no gallery [gallery:998]: choose one with "
                "“Insert gallery”.",
            ],
        )

    def test_the_story_records_the_pictures_and_galleries_its_body_shows(self):
        shown, quoted, in_gallery = make_picture(), make_picture(), make_picture()
        gallery = make_gallery([in_gallery])
        body = (
            f"Words.\n\n[picture:{shown.pk}]\n\n    [picture:{quoted.pk}]\n\n"
            f"[gallery:{gallery.pk}]\n\nText with [picture:{quoted.pk}] inside."
        )
        article = make_draft(body=body)
        article.full_clean()
        self.assertEqual(list(article.body_pictures.all()), [shown])  # code is not shown
        self.assertEqual(list(article.body_galleries.all()), [gallery])
        self.assertEqual(set(article.pictures_shown()), {shown, in_gallery})
        article.body = "No pictures now."
        article.save()
        self.assertFalse(article.body_pictures.exists())

    def test_update_notice_only_after_a_real_gap(self):
        article = make_article(published_at=now())
        self.assertFalse(article.shows_update)
        Article.objects.filter(pk=article.pk).update(published_at=now() - hours(3))
        article.refresh_from_db()
        self.assertTrue(article.shows_update)


class RelatedStoriesTests(TestCase):
    """ "More on <release>" and "More on <artist>"."""

    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.jin = make_artist("Jin")
        cls.bts = make_group("BTS")
        make_membership(cls.rm, cls.bts)
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])
        cls.single = make_release("Come Back to Me", artists=[cls.rm], parent_album=cls.album)
        cls.other_single = make_release("Other single", artists=[cls.rm], parent_album=cls.album)
        cls.unrelated = make_release("Unrelated", artists=[cls.jin])

        cls.story = make_article("Teaser", artists=[cls.rm], releases=[cls.single])
        cls.sibling = make_article(
            "MV", releases=[cls.single], artists=[cls.rm], published_at=now() - hours(2)
        )
        cls.album_story = make_article("Album", releases=[cls.album], published_at=now() - hours(5))
        cls.family_story = make_article("Other single", releases=[cls.other_single])
        cls.elsewhere = make_article("Jin news", releases=[cls.unrelated], artists=[cls.jin])
        cls.draft = make_draft("Draft review", releases=[cls.single], artists=[cls.rm])
        cls.future = make_article(
            "Embargoed", releases=[cls.single], artists=[cls.rm], published_at=now() + hours(5)
        )
        cls.rm_only = make_article("RM interview", artists=[cls.rm], published_at=now() - hours(9))
        cls.bts_story = make_article("BTS anniversary", artists=[cls.bts])

    def test_more_on_release_holds_the_release_and_its_family_newest_first(self):
        self.assertEqual(
            list(self.story.more_on_releases()),
            [self.family_story, self.sibling, self.album_story],
        )

    def test_more_on_release_never_holds_drafts_future_stories_or_the_story_itself(self):
        related = set(self.story.more_on_releases())
        self.assertFalse({self.draft, self.future, self.story, self.elsewhere} & related)

    def test_a_story_about_the_album_finds_its_singles_stories(self):
        self.assertIn(self.story, self.album_story.more_on_releases())

    def test_a_story_without_releases_has_no_release_box(self):
        self.assertEqual(list(self.rm_only.more_on_releases()), [])

    def test_more_on_artists_skips_what_the_release_box_already_shows(self):
        shown = [a.pk for a in self.story.more_on_releases()]
        self.assertEqual(list(self.story.more_on_artists(exclude=shown)), [self.rm_only])

    def test_a_group_story_finds_its_members_stories(self):
        related = list(self.bts_story.more_on_artists())
        self.assertIn(self.rm_only, related)
        self.assertNotIn(self.elsewhere, related)
        self.assertNotIn(self.draft, related)


class AboutArtistTests(TestCase):
    """A group's stories include its members' stories from their time in the group."""

    @classmethod
    def setUpTestData(cls):
        cls.group = make_group()
        cls.member = make_artist()
        cls.former = make_artist()
        cls.subunit = make_artist(kind="subunit", parent_group=cls.group)
        make_membership(cls.member, cls.group)
        left = (now() - hours(24 * 10)).date()
        make_membership(
            cls.former, cls.group, started_on=left.replace(year=left.year - 3), ended_on=left
        )
        cls.group_story = make_article(artists=[cls.group])
        cls.member_story = make_article(artists=[cls.member])
        cls.former_then = make_article(artists=[cls.former], published_at=now() - hours(24 * 30))
        cls.former_now = make_article(artists=[cls.former])
        cls.not_yet = make_article(artists=[cls.member], published_at=now() + hours(1))

    def test_group_page_stories(self):
        stories = set(Article.objects.published().about_artists([self.group]))
        self.assertEqual(stories, {self.group_story, self.member_story, self.former_then})

    def test_the_newest_of_a_groups_stories_come_from_its_links(self):
        both = make_article(artists=[self.group, self.member], published_at=now() - hours(2))
        expected = sorted(
            [self.group_story, self.member_story, both],
            key=lambda story: (story.published_at, story.pk),
            reverse=True,
        )  # a story on both the group and its member counts once; the draft and the former
        # member's later story stay out
        newest = Article.objects.published().about_artists([self.group], newest=3)
        self.assertEqual(list(newest.order_by("-published_at", "-pk")[:3]), expected)
        every = Article.objects.published().about_artists([self.group], newest=10)
        self.assertEqual(set(every), {self.group_story, self.member_story, self.former_then, both})

    def test_member_page_holds_only_their_own_stories(self):
        stories = set(Article.objects.published().about_artists([self.former]))
        self.assertEqual(stories, {self.former_then, self.former_now})
