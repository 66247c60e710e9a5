import codecs
import tempfile
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from articles.copydesk.importing import MAX_BYTES, CopyRejected, import_copy, read_copy
from articles.models import Article, LinkSuggestion
from newsroom.roles import WRITER
from tests.articles.copydesk.stories import INTERVIEW_OUTLET_A
from tests.articles.copydesk.test_cleaning import MESSY
from tests.factories import make_artist, make_release, make_role_user


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
        self.assertIn(f"same story? #{first.pk} “{first.headline}” (100% alike, Draft)", out)
        self.assertIn("Imported 2, failed 0, flagged as duplicates 1.", out)

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
            },
        )
        self.assertContains(response, "Imported 2, failed 1, flagged as duplicates 0.")
        self.assertContains(response, "Not imported: this input is not text")
        pasted = Article.objects.get(headline="RM returns")
        self.assertEqual(pasted.created_by, self.writer)
        self.assertContains(response, reverse("admin:articles_article_change", args=[pasted.pk]))

    def test_an_empty_form_is_a_clear_error(self):
        self.client.force_login(self.writer)
        response = self.client.post(reverse("admin:articles_article_import"), {"copy": " "})
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
