"""Rights that hold: a story whose pictures are withdrawn, past their licence or restricted is
not published or scheduled unless an editor says why, and the note is kept; the desk lists
live stories whose pictures' licences end within the week."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_transition
from newsroom.roles import EDITOR
from tests.factories import (
    change_form_data,
    hours,
    kst_parts,
    make_article,
    make_artist,
    make_draft,
    make_gallery,
    make_picture,
    make_role_user,
    now,
)

S = Article.Status


def day(offset):
    return timezone.localdate() + dt.timedelta(days=offset)


def ready_draft(**fields):
    fields.setdefault("dek", "A standfirst.")
    return make_draft(artists=[make_artist()], **fields)


class RightsCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)

    def refusal(self, article, at=None):
        with self.assertRaises(ValidationError) as raised:
            article_publish(article=article, by=self.editor, at=at)
        self.assertEqual(Article.objects.get(pk=article.pk).status, S.DRAFT)
        return raised.exception.messages

    def test_a_hero_past_its_licence_stops_publication_with_the_date(self):
        hero = make_picture(title="Airport photo", licence_expires=day(-2))
        messages = self.refusal(ready_draft(hero=hero))
        date = day(-2).strftime("%-d %B %Y")
        self.assertEqual(messages, [f"The licence of “Airport photo” ended on {date}."])

    def test_a_restricted_picture_in_the_body_says_what_the_agency_asked(self):
        picture = make_picture(title="Concept photo", restrictions="Not before 6 PM KST.")
        messages = self.refusal(ready_draft(body=f"Words.\n\n[picture:{picture.pk}]"))
        self.assertEqual(messages, ["“Concept photo” is restricted: Not before 6 PM KST."])

    def test_a_withdrawn_picture_in_a_gallery_stops_it_too(self):
        withdrawn = make_picture(title="Taken down", hidden=True)
        gallery = make_gallery([make_picture(), withdrawn])
        messages = self.refusal(ready_draft(body=f"[gallery:{gallery.pk}]"))
        self.assertEqual(messages, ["“Taken down” has been withdrawn from use."])

    def test_scheduling_past_the_licence_is_refused_and_before_it_allowed(self):
        hero = make_picture(title="Teaser", licence_expires=day(3))
        late = timezone.now() + dt.timedelta(days=5)
        messages = self.refusal(ready_draft(hero=hero), late)
        ends = day(3).strftime("%-d %B %Y")
        goes_out = timezone.localdate(late).strftime("%-d %B %Y")
        self.assertEqual(
            messages,
            [f"The licence of “Teaser” ends on {ends}, before the story goes out on {goes_out}."],
        )
        story = ready_draft(hero=hero)
        article_publish(article=story, by=self.editor, at=timezone.now() + dt.timedelta(days=2))
        self.assertTrue(Article.objects.get(pk=story.pk).is_scheduled)

    def test_a_picture_without_alt_text_stops_it_and_no_note_overrides_that(self):
        picture = make_picture(title="Undescribed", alt_text="")
        story = ready_draft(body=f"[picture:{picture.pk}]")
        with self.assertRaises(ValidationError) as raised:
            article_transition(
                article=story, to=S.PUBLISHED, by=self.editor, rights_note="Cleared."
            )
        self.assertEqual(
            raised.exception.messages,
            ["The picture “Undescribed” needs alt text (in the picture library)."],
        )

    def test_an_editors_note_publishes_it_and_is_kept_with_the_move(self):
        hero = make_picture(licence_expires=day(-1), restrictions="Editorial use only.")
        story = ready_draft(hero=hero)
        move = article_transition(
            article=story,
            to=S.PUBLISHED,
            by=self.editor,
            rights_note="The agency extended the licence by e-mail today.",
        )
        self.assertTrue(Article.objects.get(pk=story.pk).is_published())
        self.assertEqual(move.rights_note, "The agency extended the licence by e-mail today.")

    def test_a_clean_picture_needs_no_note(self):
        story = ready_draft(hero=make_picture(licence_expires=day(30)))
        self.assertEqual(article_publish(article=story, by=self.editor).rights_note, "")


class RightsOnTheFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "hana")
        hero = make_picture(title="Red carpet", restrictions="Credit the photographer by name.")
        cls.story = ready_draft(hero=hero)

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:articles_article_change", args=[self.story.pk])

    def publish(self, **extra):
        data = change_form_data(self.client, self.story, hero=self.story.hero_id, _move="publish")
        return self.client.post(self.url, {**data, **extra})

    def test_publish_now_is_refused_with_the_reason_and_a_box_to_say_why(self):
        response = self.publish()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "“Red carpet” is restricted: Credit the photographer")
        self.assertContains(response, "The pictures' rights stand in the way")
        self.assertContains(response, 'name="rights_note"')
        self.assertEqual(Article.objects.get(pk=self.story.pk).status, S.DRAFT)

    def test_saying_why_publishes_and_the_history_shows_it(self):
        response = self.publish(rights_note="Credited as the agency asks.")
        self.assertEqual(response.status_code, 302)
        story = Article.objects.get(pk=self.story.pk)
        self.assertTrue(story.is_published())
        self.assertEqual(story.transitions.get().rights_note, "Credited as the agency asks.")
        page = self.client.get(self.url)
        self.assertContains(page, "the pictures&#x27; rights set aside: “Credited as the agency")

    def test_scheduling_from_the_form_checks_the_day_it_goes_out(self):
        hero = make_picture(title="Teaser", licence_expires=day(1))
        story = ready_draft(hero=hero)
        later = now() + hours(24 * 4)
        date, time = kst_parts(later)
        data = change_form_data(self.client, story, hero=hero.pk, _move="schedule")
        data |= {"published_at_0": date, "published_at_1": time}
        url = reverse("admin:articles_article_change", args=[story.pk])
        response = self.client.post(url, data)
        self.assertContains(response, "The licence of “Teaser” ends on")
        self.assertFalse(Article.objects.get(pk=story.pk).is_scheduled)


class LiveStoryEditTests(TestCase):
    """A published story edited in place: a picture it did not show before passes the same
    checks as at publication; its own pictures, already checked, hold no edit back."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "hana")
        cls.own = make_picture(title="Own picture")
        cls.story = make_article("Live story", dek="A standfirst.", hero=cls.own)

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:articles_article_change", args=[self.story.pk])

    def save(self, body, **extra):
        data = change_form_data(self.client, self.story, hero=self.own.pk, body=body)
        return self.client.post(self.url, {**data, **extra})

    def test_a_picture_past_its_licence_added_to_a_live_story_is_refused(self):
        ended = make_picture(title="Airport", licence_expires=day(-2))
        response = self.save(f"Words.\n\n[picture:{ended.pk}]")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The licence of “Airport” ended on")
        self.assertContains(response, 'href="#rights-title"')
        self.assertNotIn("[picture:", Article.objects.get(pk=self.story.pk).body)

    def test_saying_why_saves_it_and_keeps_the_note_with_the_revision(self):
        ended = make_picture(title="Airport", licence_expires=day(-2))
        response = self.save(f"[picture:{ended.pk}]", rights_note="Licence renewed today.")
        self.assertEqual(response.status_code, 302)
        revision = Article.objects.get(pk=self.story.pk).history.first()
        self.assertEqual(
            revision.history_change_reason, "The pictures' rights set aside: Licence renewed today."
        )
        messages = " ".join(str(m) for m in response.wsgi_request._messages)
        self.assertIn("“Airport” stays off the page until its licence is extended", messages)

    def test_a_picture_without_alt_text_added_to_a_live_story_is_refused(self):
        bare = make_picture(title="Bare", alt_text="")
        response = self.save(f"[picture:{bare.pk}]")
        self.assertContains(response, "The picture “Bare” needs alt text")

    def test_a_picture_the_story_already_shows_holds_no_edit_back(self):
        self.own.licence_expires = day(-1)
        self.own.save()
        self.assertEqual(self.save("Corrected words.").status_code, 302)
        self.assertEqual(Article.objects.get(pk=self.story.pk).body, "Corrected words.")


class ExpiringOnTheDeskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)
        cls.soon = make_picture(title="Ends in three days", licence_expires=day(3))
        cls.later = make_picture(title="Ends next month", licence_expires=day(30))
        cls.hero_story = make_article("Hero ends soon", hero=cls.soon)
        gallery = make_gallery([make_picture(), cls.soon])
        cls.gallery_story = make_article("Gallery ends soon", body=f"[gallery:{gallery.pk}]")
        cls.fine = make_article("Fine for a month", hero=cls.later)
        cls.draft = make_draft("Draft ends soon", hero=cls.soon)

    def desk(self):
        self.client.force_login(self.editor)
        return self.client.get(reverse("admin:index"))

    def test_live_stories_whose_pictures_end_within_a_week_are_listed(self):
        rows = self.desk().context["expiring"]
        self.assertEqual(
            {story.headline for story, _ in rows}, {"Hero ends soon", "Gallery ends soon"}
        )
        self.assertTrue(all(pictures == [self.soon] for _, pictures in rows))
        self.assertContains(self.desk(), "Ends in three days")

    def test_the_list_costs_the_same_queries_however_many_stories(self):
        self.desk()
        with CaptureQueriesContext(connection) as before:
            self.desk()
        for n in range(8):
            picture = make_picture(licence_expires=day(n % 7))
            make_article(f"More {n}", body=f"[picture:{picture.pk}]", hero=make_picture())
        with CaptureQueriesContext(connection) as after:
            response = self.desk()
        self.assertEqual(len(after), len(before))
        self.assertEqual(len(response.context["expiring"]), 10)
