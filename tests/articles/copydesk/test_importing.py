import codecs
import re
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from articles.bylines import Byline
from articles.copydesk.cleaning import clean
from articles.copydesk.importing import MAX_BYTES, CopyRejected, import_copy, read_copy
from articles.models import Article, LinkSuggestion
from articles.publishing import publication_problems
from newsroom.roles import WRITER
from tests.articles.copydesk.stories import INTERVIEW_OUTLET_A
from tests.articles.copydesk.test_cleaning import MESSY
from tests.factories import make_artist, make_byline, make_release, make_role_user


class ReadCopyTests(TestCase):
    def test_bad_inputs_get_one_clear_reason(self):
        cases = {
            b"": "is empty",
            b"  \n\t ": "is empty",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR": "is not text (it looks like a binary file)",
            "Café".encode("latin-1"): "is not UTF-8 text",
            b"x" * (MAX_BYTES + 1): "is larger than 2 MB",
        }
        for data, message in cases.items():
            with self.subTest(message=message), self.assertRaisesMessage(CopyRejected, message):
                read_copy(data)

    def test_utf8_with_a_bom_and_utf16_are_read(self):
        self.assertEqual(read_copy(codecs.BOM_UTF8 + "방탄".encode()), "방탄")
        self.assertEqual(read_copy("RM 알엠".encode("utf-16")), "RM 알엠")


class ImportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM", hangul_name="알엠")
        cls.single = make_release("Come Back to Me")

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.dir = Path(folder.name)

    def write(self, name, data):
        path = self.dir / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        return str(path)

    def run_command(self, *files):
        out, err = StringIO(), StringIO()
        try:
            call_command("import_story", *files, stdout=out, stderr=err)
            failed = None
        except CommandError as error:
            failed = error
        return out.getvalue(), err.getvalue(), failed

    def test_a_messy_file_becomes_a_draft_with_a_full_report(self):
        out, err, failed = self.run_command(self.write("messy.txt", MESSY))
        self.assertIsNone(failed)
        article = Article.objects.get()
        self.assertEqual(article.status, Article.Status.DRAFT)
        self.assertEqual(article.headline, "Lee Sung Jin on filming RM’s “Come Back to Me”")
        for line in (
            f"[1/1] {self.dir / 'messy.txt'} → draft #{article.pk}",
            f"/admin/articles/article/{article.pk}/change/",
            "chrome: website chrome: Scroll to top",
            "repeat: repeats an earlier paragraph: Lee Sung Jin had never made",
            "file-name: image file name, not prose: IMG_20240510_130000.jpg",
            "credit: photo credit moved onto its image: Kim Jisoo | Example Outlet",
            "pull-quote: quote and attribution kept as a pull quote: Lee Sung Jin",
            "suggest artist: RM (found as “RM” ×3)",
            "suggest release: Come Back to Me",
            "Imported 1, failed 0, flagged as duplicates 0.",
        ):
            with self.subTest(line=line):
                self.assertIn(line, out)
        self.assertEqual(
            {(s.artist, s.release) for s in LinkSuggestion.objects.all()},
            {(self.rm, None), (None, self.single)},
        )
        self.assertEqual(list(article.artists.all()), [])  # nothing linked until confirmed

    def test_importing_the_same_file_twice_warns_on_the_second(self):
        path = self.write("interview.md", INTERVIEW_OUTLET_A)
        out, _, _ = self.run_command(path, path)
        first, second = Article.objects.order_by("pk")
        self.assertIn(f"[2/2] {path} → draft #{second.pk}", out)
        self.assertIn(f"same story? #{first.pk} “{first.headline}” (100% alike, Draft — ", out)
        self.assertIn("same wording", out)  # the reason
        self.assertIn("Imported 2, failed 0, flagged as duplicates 1.", out)

    def test_the_report_says_what_partner_copy_carried(self):
        headline_less = (
            "By Kim Hana | Seoul Beat\n\n"
            "NOVA9 will open their first world tour in Seoul on March 2, the group's agency "
            "said on Monday, adding that eleven more cities in Asia and North America would "
            "follow through the summer. Tickets go on sale next week.\n\n"
            "The tour takes its name from the group's second album.\n\n"
            "NOVA9, tour, concert\n"
        )
        out, _, failed = self.run_command(self.write("tour.txt", headline_less))
        self.assertIsNone(failed)
        article = Article.objects.get()
        self.assertTrue(article.headline_proposed)
        for line in (
            "headline proposed from the lead: confirm or rewrite it",
            "source credit: ",
            "reporter: Kim Hana (no single byline)",
            "suggest tags: ",
        ):
            with self.subTest(line=line):
                self.assertIn(line, out)

    def test_bad_files_fail_alone_and_the_command_exits_non_zero(self):
        good = self.write("good.txt", INTERVIEW_OUTLET_A)
        bad = [
            self.write("empty.txt", b""),
            self.write("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
            self.write("latin1.txt", "Headline\n\nCafé copy".encode("latin-1")),
            self.write("huge.txt", b"Headline\n\n" + b"word " * (MAX_BYTES // 5)),
            str(self.dir / "missing.txt"),
        ]
        out, err, failed = self.run_command(bad[0], good, *bad[1:])
        self.assertIsNotNone(failed)
        self.assertEqual(Article.objects.count(), 1)
        for path, reason in zip(
            bad,
            [
                "is empty",
                "is not text",
                "is not UTF-8 text",
                "is larger than 2 MB",
                "cannot be read",
            ],
            strict=True,
        ):
            with self.subTest(path=path):
                self.assertIn(f"{path}: error: {reason}", err)
        self.assertIn("Imported 1, failed 5, flagged as duplicates 0.", out)

    def test_html_copy_drops_page_furniture_and_reports_it(self):
        html = (
            "<html><body><nav>Home | K-pop | Charts</nav><h1>RM’s new single is out</h1>"
            "<p>The single arrived at 1 PM KST.</p><p>RM wrote it last year.</p>"
            "<script>track()</script></body></html>"
        )
        out, _, _ = self.run_command(self.write("story.html", html))
        article = Article.objects.get()
        self.assertEqual(article.headline, "RM’s new single is out")
        self.assertEqual(article.dek, "The single arrived at 1 PM KST.")
        self.assertNotIn("track()", article.body)
        self.assertIn("html: <nav> is page furniture, not the story: Home | K-pop | Charts", out)

    def test_a_file_with_no_story_under_the_headline_is_refused(self):
        _, err, failed = self.run_command(self.write("short.txt", "Just a headline\nAdvertisement"))
        self.assertIsNotNone(failed)
        self.assertIn("has a headline but no story under it", err)
        self.assertFalse(Article.objects.exists())


def form_token(client):
    """The one-time token of the import form, as a browser opening the page gets it."""
    html = client.get(reverse("admin:articles_article_import")).content.decode()
    return re.search(r'name="token" value="([^"]+)"', html)[1]


class AdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER)
        cls.rm = make_artist("RM")
        cls.jin = make_artist("Jin")

    def test_paste_and_upload_with_one_bad_file(self):
        self.client.force_login(self.writer)
        response = self.client.post(
            reverse("admin:articles_article_import"),
            {
                "copy": "RM returns\n\nRM's single is out. BTS member Jin was there too.",
                "files": [
                    SimpleUploadedFile("interview.txt", INTERVIEW_OUTLET_A.encode()),
                    SimpleUploadedFile("binary.bin", b"\x00\x01\x02\x03"),
                ],
                "token": form_token(self.client),
            },
            follow=True,
        )
        self.assertContains(response, "Imported 2, failed 1, flagged as duplicates 0.")
        self.assertContains(response, "Not imported: this input is not text")
        pasted = Article.objects.get(headline="RM returns")
        self.assertEqual(pasted.created_by, self.writer)
        self.assertContains(response, reverse("admin:articles_article_change", args=[pasted.pk]))

    def test_an_empty_form_is_a_clear_error(self):
        self.client.force_login(self.writer)
        data = {"copy": " ", "token": form_token(self.client)}
        response = self.client.post(reverse("admin:articles_article_import"), data)
        self.assertContains(response, "Paste some copy or choose at least one file.")

    def test_the_editor_accepts_and_rejects_suggestions_before_they_are_linked(self):
        report = import_copy(
            name="paste",
            data=b"RM and Jin\n\nRM spoke; BTS member Jin listened.",
            by=self.writer,
        )
        article = report.article
        rm_suggestion = article.suggestions.get(artist=self.rm)
        jin_suggestion = article.suggestions.get(artist=self.jin)
        self.client.force_login(self.writer)
        from tests.factories import change_form_data

        data = change_form_data(self.client, article)
        prefix = "suggestions"
        for i, suggestion in enumerate((rm_suggestion, jin_suggestion)):
            data[f"{prefix}-{i}-id"] = suggestion.pk
            data[f"{prefix}-{i}-article"] = article.pk
        data[f"{prefix}-0-decision"] = "accepted"
        data[f"{prefix}-1-decision"] = "rejected"
        url = reverse("admin:articles_article_change", args=[article.pk])
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(list(article.artists.all()), [self.rm])
        jin_suggestion.refresh_from_db()
        self.assertEqual(jin_suggestion.decision, "rejected")
        # Unlinked later, RM stays unlinked however often the story is saved.
        data = change_form_data(self.client, article, artists=[])
        for i, suggestion in enumerate((rm_suggestion, jin_suggestion)):
            data[f"{prefix}-{i}-id"] = suggestion.pk
            data[f"{prefix}-{i}-article"] = article.pk
            data[f"{prefix}-{i}-decision"] = ("accepted", "rejected")[i]
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(list(article.artists.all()), [])


PARTNER_COPY = """\
By Kim Minji and Lee Hana | Seoul Beat

NOVA9 will close their "Blue Hour" tour with two nights at the Inspire Arena in January, the
group's agency said on Monday.

Tickets go on sale to fan club members first, a week before the general sale.

Tags: NOVA9, Blue Hour, concert
"""


def cleaned_as(**fields):
    """`clean` giving what partner copy carries around the story, whatever the cleaner
    finds in the sample: the draft's part is tested here, the cleaner's in test_cleaning."""
    real = clean(PARTNER_COPY)
    for name, value in fields.items():
        setattr(real, name, value)
    return mock.patch("articles.copydesk.importing.clean", return_value=real)


class PartnerPictureTests(TestCase):
    def test_pictures_shown_by_their_address_are_kept_and_reported_for_the_library(self):
        copy = (
            "Girl group wraps its tour\n\nThe last show was in Incheon.\n\n"
            "![The encore](https://partner.example/photos/encore.jpg)\n\nFans stayed late."
        )
        report = import_copy(name="paste", data=copy.encode())
        [change] = [c for c in report.changes if c.kind == "picture"]
        self.assertEqual(change.text, "https://partner.example/photos/encore.jpg")
        self.assertIn("upload it to the picture library", change.reason)
        self.assertIn("partner.example/photos/encore.jpg", report.article.body)  # nothing lost


class PartnerCopyTests(TestCase):
    """What partner copy says about itself goes on the draft where the newsroom already has
    it, and into the report as suggestions where it has not."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER)
        cls.minji = make_byline("Kim Minji")
        cls.concert = Tag.objects.create(name="Concert", slug="concert")

    def import_partner_copy(self, **fields):
        with cleaned_as(**fields):
            return import_copy(name="paste", data=PARTNER_COPY.encode(), by=self.writer)

    def test_a_headline_drawn_from_the_lead_is_marked_proposed(self):
        report = self.import_partner_copy(headline_proposed=True)
        self.assertTrue(report.headline_proposed)
        self.assertTrue(report.article.headline_proposed)
        self.assertIn(
            "Confirm or rewrite the headline the copy desk proposed.",
            publication_problems(report.article, timezone.now()),
        )
        self.assertTrue(report.article.history.first().headline_proposed)

    def test_a_headline_line_is_not_a_proposal(self):
        report = self.import_partner_copy(headline_proposed=False)
        self.assertFalse(report.article.headline_proposed)

    def test_the_outlet_becomes_the_source_credit_printed_under_the_story(self):
        report = self.import_partner_copy(source_credit="Seoul Beat")
        self.assertEqual(report.article.source_credit, "Originally published by Seoul Beat.")
        self.assertEqual(self.import_partner_copy(source_credit="").article.source_credit, "")

    def test_a_reporter_with_a_byline_signs_the_draft_and_the_others_are_offered(self):
        report = self.import_partner_copy(byline_names=["kim minji", "Lee Hana"])
        self.assertEqual(report.article.bylines_in_order, [self.minji])
        self.assertEqual(report.article.links["bylines"], ["Kim Minji"])  # in its revision
        minji, hana = report.bylines
        self.assertEqual((minji.name, minji.byline), ("kim minji", self.minji))
        self.assertEqual((hana.name, hana.byline, hana.namesakes), ("Lee Hana", None, []))
        self.assertEqual(
            hana.add_url,
            reverse("admin:articles_byline_add") + "?name=Lee+Hana&slug=lee-hana&kind=freelancer",
        )

    def test_two_bylines_of_one_name_are_left_to_the_editor(self):
        other = make_byline("Kim Minji", kind=Byline.Kind.TRANSLATOR)
        report = self.import_partner_copy(byline_names=["Kim Minji"])
        self.assertEqual(report.article.bylines_in_order, [])
        self.assertEqual(report.bylines[0].namesakes, [self.minji, other])

    def test_known_tag_words_tag_the_draft_and_unknown_ones_are_suggested(self):
        report = self.import_partner_copy(tag_words=["NOVA9", "concert", "Blue Hour", "Concert"])
        self.assertEqual(list(report.article.tags.all()), [self.concert])
        self.assertEqual(report.tags_added, ["Concert"])
        self.assertEqual(report.tags_suggested, ["NOVA9", "Blue Hour"])
        self.assertEqual(report.article.links["tags"], ["Concert"])

    def test_the_real_cleaner_and_the_draft_agree(self):
        """Whatever the cleaner makes of partner copy today, the draft follows it."""
        found = clean(PARTNER_COPY)
        article = import_copy(name="paste", data=PARTNER_COPY.encode(), by=self.writer).article
        self.assertEqual(article.headline_proposed, found.headline_proposed)
        self.assertEqual(bool(article.source_credit), bool(found.source_credit))
        if "Kim Minji" in found.byline_names:
            self.assertIn(self.minji, article.bylines_in_order)
        if "concert" in map(str.casefold, found.tag_words):
            self.assertIn(self.concert, article.tags.all())


class ImportPageTests(TestCase):
    """The Import copy page: Post/Redirect/Get, one draft per form however often it is sent,
    and a report an editor can read and act on."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER)
        cls.url = reverse("admin:articles_article_import")

    def setUp(self):
        cache.clear()
        self.client.force_login(self.writer)

    def send(self, copy=INTERVIEW_OUTLET_A, token=None, **kwargs):
        token = form_token(self.client) if token is None else token
        return self.client.post(self.url, {"copy": copy, "token": token}, **kwargs)

    def test_an_import_redirects_to_its_report_under_an_empty_form(self):
        response = self.send()
        self.assertEqual(response.status_code, 302)
        self.assertRegex(response["Location"], r"^/admin/articles/article/import/\?report=")
        page = self.client.get(response["Location"])
        draft = Article.objects.get()
        self.assertContains(page, "Imported 1, failed 0, flagged as duplicates 0.")
        self.assertContains(page, reverse("admin:articles_article_change", args=[draft.pk]))
        self.assertNotContains(page, "night train</textarea>")
        self.assertRegex(page.content.decode(), r'<textarea name="copy"[^>]*>\s*</textarea>')

    def test_with_redis_down_the_session_still_makes_one_draft_and_lists_it(self):
        from redis.exceptions import ConnectionError as RedisDown

        token = form_token(self.client)
        down = mock.patch.multiple(
            "articles.admin.imports.cache",
            get=mock.Mock(side_effect=RedisDown),
            add=mock.Mock(side_effect=RedisDown),
            set=mock.Mock(side_effect=RedisDown),
            delete=mock.Mock(side_effect=RedisDown),
        )
        with down:
            first = self.send(token=token)
            again = self.send(token=token)
            page = self.client.get(first["Location"])
        draft = Article.objects.get()  # one, however often sent
        self.assertEqual(again["Location"], first["Location"])
        self.assertContains(page, reverse("admin:articles_article_change", args=[draft.pk]))

    def test_the_same_form_sent_twice_makes_one_draft(self):
        token = form_token(self.client)
        first = self.send(token=token)
        again = self.send(token=token, follow=True)
        draft = Article.objects.get()  # one
        self.assertEqual(again.redirect_chain, [(first["Location"], 302)])
        self.assertContains(again, "This form was already sent: nothing was imported again.")
        self.assertContains(again, reverse("admin:articles_article_change", args=[draft.pk]))

    def test_a_second_send_while_the_first_is_importing_waits_for_its_report(self):
        token = form_token(self.client)
        cache.add(f"copydesk-import:{token}", {"user": self.writer.pk, "reports": None})
        response = self.send(token=token, follow=True)
        self.assertFalse(Article.objects.exists())
        self.assertContains(response, "Still importing this copy")
        self.assertContains(response, '<meta http-equiv="refresh" content="2">')

    def test_a_form_this_session_never_had_imports_nothing_and_keeps_the_copy(self):
        for token in ("", "made-up"):
            with self.subTest(token=token):
                response = self.send(token=token)
                self.assertContains(response, "This form had expired")
                self.assertContains(response, "all nine members kept singing")
                self.assertFalse(Article.objects.exists())
        fresh = re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]
        self.assertEqual(self.send(token=fresh).status_code, 302)
        self.assertEqual(Article.objects.count(), 1)

    def test_a_form_sent_again_after_the_cache_let_the_report_go_imports_nothing(self):
        token = form_token(self.client)
        report_url = self.send(token=token)["Location"]
        cache.clear()
        response = self.send(token=token, follow=True)
        self.assertEqual(Article.objects.count(), 1)
        draft = Article.objects.get()
        self.assertEqual(response.redirect_chain[-1][0], report_url)
        self.assertContains(response, "The full report is no longer kept.")
        self.assertContains(response, reverse("admin:articles_article_change", args=[draft.pk]))

    def test_a_form_whose_import_broke_halfway_never_imports_its_first_half_again(self):
        def one_then_broken(inputs, by=None):
            yield import_copy(name="first", data=INTERVIEW_OUTLET_A.encode(), by=by)
            raise DatabaseError("the database went away")

        token = form_token(self.client)
        patched = mock.patch("articles.admin.pages.import_many", one_then_broken)
        with patched, self.assertRaises(DatabaseError):
            self.send(token=token)
        response = self.send(token=token, follow=True)
        self.assertEqual(Article.objects.count(), 1)
        self.assertContains(response, "nothing was imported again")
        self.assertContains(response, "Imported 1, failed 0")

    def test_a_form_whose_import_broke_before_any_draft_may_be_sent_again(self):
        token = form_token(self.client)
        broken = mock.Mock(side_effect=DatabaseError("the database went away"))
        patched = mock.patch("articles.admin.pages.import_many", broken)
        with patched, self.assertRaises(DatabaseError):
            self.send(token=token)
        self.assertEqual(self.send(token=token).status_code, 302)
        self.assertEqual(Article.objects.count(), 1)

    def test_a_report_is_only_its_importers(self):
        report_url = self.send()["Location"]
        self.client.force_login(make_role_user(WRITER))
        response = self.client.get(report_url)
        self.assertNotContains(response, "Imported 1")
        self.assertContains(response, "no longer kept")

    def test_the_same_piece_imported_twice_is_reported_100_percent_alike(self):
        self.client.get(self.send()["Location"])
        response = self.client.get(self.send()["Location"])
        first, second = Article.objects.order_by("pk")
        self.assertContains(response, "flagged as duplicates 1.")
        alike = f"#{first.pk} “{escape(first.headline)}”</a> (100% alike, Draft — same wording"
        self.assertContains(response, alike)
        self.assertEqual(second.headline, first.headline)

    def test_the_report_says_what_the_editor_must_check_and_may_add(self):
        make_byline("Kim Minji")
        Tag.objects.create(name="concert", slug="concert")
        fields = {
            "headline_proposed": True,
            "source_credit": "Seoul Beat",
            "byline_names": ["Kim Minji", "Lee Hana"],
            "tag_words": ["concert", "Blue Hour"],
        }
        with cleaned_as(**fields):
            response = self.client.get(self.send(PARTNER_COPY)["Location"])
        for text in (
            "Headline proposed from the lead: confirm or rewrite it",
            "Originally published by Seoul Beat.",
            "Suggested contributor bylines",
            "Kim Minji:\n      on the draft as its byline (Freelancer)",
            "Add “Lee Hana” as a byline",
            'href="/admin/articles/byline/add/?name=Lee+Hana&amp;slug=lee-hana&amp;kind=freelancer"',
            "<strong>Tags added</strong>: concert",
            "Blue Hour",
        ):
            with self.subTest(text=text):
                self.assertContains(response, text)
