"""The picture library end to end in Chromium: a writer uploads three photos at once and
describes them, makes a gallery of the three, writes a story and inserts one photo and the
gallery with the chooser; an editor publishes it; a reader at 390 and 1280 px gets responsive
pictures with their credits and a gallery whose lightbox works by keyboard, and axe finds no
serious or critical violation."""

import io
import json

from django.urls import reverse
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from articles.models import Article
from newsroom.roles import EDITOR, WRITER
from pictures.models import Gallery
from pictures.models import Image as Picture
from tests.browser.base import ARTIFACTS, AXE, BrowserTestCase, axe_violations
from tests.factories import make_artist, make_role_user
from tests.pictures.test_metadata import iim, with_iptc

PASSWORD = "a-long-test-password"
ALT = ["Five members bow at the encore", "Fans hold light sticks", "The stage before the show"]


def jpeg(colour, left, size=(1600, 1067), iptc=None):
    """A photo of its own: a light disc at `left` on `colour` (the library tells photos
    apart by their shapes, not their colours)."""
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse([left, 150, left + 500, 650], fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    data = buffer.getvalue()
    return with_iptc(data, iptc) if iptc else data


class PictureLibraryTests(BrowserTestCase):
    def setUp(self):
        self.writer = self.person(WRITER, "mina")
        self.editor = self.person(EDITOR, "hana")
        make_artist("IVE", slug="ive")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def person(self, role, username):
        user = make_role_user(role, username, username.title())
        user.set_password(PASSWORD)
        user.save()
        return user

    def signed_in(self, username, width=1280):
        page = self.watched_page(width, console=False)  # a duplicate is refused with a 409
        page.goto(self.url(reverse("admin:login")))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page.locator("#content h1")).to_be_visible()
        return page

    def upload_three(self, page):
        page.goto(self.url(reverse("admin:pictures_image_upload")))
        agency = iim((2, 80, "Kim Ji-ho"), (2, 110, "Yonhap"))
        photos = [
            ("encore.jpg", jpeg((90, 40, 160), 100, iptc=agency)),
            ("fans.jpg", jpeg((20, 120, 90), 550)),
            ("stage.jpg", jpeg((160, 90, 30), 1000)),
        ]
        photos.append(("encore copy.jpg", photos[0][1]))  # the same photo twice in one batch
        files = [{"name": n, "mimeType": "image/jpeg", "buffer": data} for n, data in photos]
        page.set_input_files("#upload-files", files)
        items = page.locator(".library-upload__item")
        expect(items).to_have_count(4)
        for n in range(3):  # one after another, each with its renditions made
            expect(items.nth(n).locator(".library-upload__describe")).to_be_visible(timeout=30000)
        copy = items.nth(3).locator(".library-upload__duplicate")
        expect(copy).to_be_visible(timeout=30000)
        expect(copy).to_contain_text("The library already has this picture")
        copy.get_by_role("button", name="Use the one in the library").click()
        self.assertEqual(Picture.objects.count(), 3)
        # The agency photo's own credit is already in its form.
        expect(items.nth(0).locator("[data-name=credit]")).to_have_value("Yonhap / Kim Ji-ho")
        for n, alt in enumerate(ALT):
            item = items.nth(n)
            item.locator("[data-name=alt_text]").fill(alt)
            if n:
                item.locator("[data-name=credit]").fill("BIGHIT MUSIC")
            item.get_by_role("button", name="Save").click()
            expect(item.locator(".library-upload__saved")).to_have_text("Saved.")
        page.screenshot(path=ARTIFACTS / "library-upload-1280.png", full_page=True)
        self.assertEqual(sorted(Picture.objects.values_list("alt_text", flat=True)), sorted(ALT))
        page.fill("#gallery-title", "Encore night")
        page.get_by_role("button", name="Make a gallery of these pictures").click()
        expect(page.locator("#id_title")).to_have_value("Encore night")
        page.locator("input[name=_save]").click()
        expect(page.locator(".messagelist")).to_be_visible()
        gallery = Gallery.objects.get(title="Encore night")
        self.assertEqual([item.image.alt_text for item in gallery.items.all()], ALT)
        return gallery

    def write_story(self, page, gallery):
        page.goto(self.url(reverse("admin:articles_article_add")))
        page.fill("#id_headline", "IVE close the tour with an encore in Incheon")
        page.fill("#id_dek", "The last night of the tour, in pictures.")
        page.fill("#id_body", "The last show ended after midnight.")
        page.click(".field-artists .select2-selection")
        page.keyboard.type("IVE")
        page.click(".select2-results__option:has-text('IVE')")
        # One photo, found by its credit, goes in after the first paragraph.
        page.locator("#id_body").press("End")
        page.get_by_role("button", name="Insert image").click()
        chooser = page.locator("dialog.library-chooser")
        expect(chooser).to_be_visible()
        chooser.locator("#library-chooser-q").fill("Yonhap")
        chooser.locator("#library-chooser-q").press("Enter")
        expect(chooser.locator(".library-chooser__pick")).to_have_count(1)
        chooser.locator(".library-chooser__pick").click()
        expect(chooser).to_be_hidden()
        encore = Picture.objects.get(credit="Yonhap / Kim Ji-ho")
        page.locator("#id_body").press("End")
        page.get_by_role("button", name="Insert gallery").click()
        chooser.locator(".library-chooser__pick", has_text="Encore night").click()
        body = page.locator("#id_body").input_value()
        self.assertEqual(
            body,
            f"The last show ended after midnight.\n\n[picture:{encore.pk}]\n\n"
            f"[gallery:{gallery.pk}]\n",
        )
        page.get_by_role("button", name="Submit for review").click()
        expect(page.locator(".messagelist")).to_contain_text("waiting for review")
        return Article.objects.get(headline__startswith="IVE close the tour")

    def test_upload_describe_gallery_insert_publish_and_read(self):
        writer = self.signed_in("mina")
        gallery = self.upload_three(writer)
        story = self.write_story(writer, gallery)
        self.assertEqual(writer.problems, [])

        editor = self.signed_in("hana")
        editor.goto(self.url(reverse("admin:articles_article_change", args=[story.pk])))
        editor.get_by_role("button", name="Publish now").click()
        expect(editor.locator(".messagelist")).to_contain_text("is live")
        self.assertTrue(Article.objects.get(pk=story.pk).is_published())

        for width in (390, 1280):
            with self.subTest(width=width):
                self.read(story, width)

    def read(self, story, width):
        context = self.browser.new_context(viewport={"width": width, "height": 900})
        self.addCleanup(context.close)
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(self.url(story.get_absolute_url()))
        figure = page.locator(".story__body figure.story-picture")
        expect(figure.locator("img")).to_have_attribute("alt", ALT[0])
        self.assertRegex(figure.locator("img").get_attribute("srcset"), r"320w, .* 640w")
        expect(figure.locator("img")).to_have_attribute("loading", "lazy")
        expect(figure.locator("figcaption")).to_contain_text("Photo: Yonhap / Kim Ji-ho")
        expect(page.locator(".gallery__item")).to_have_count(3)
        expect(page.locator(".gallery")).to_contain_text("Photo: BIGHIT MUSIC")
        page.screenshot(path=ARTIFACTS / f"library-story-{width}.png", full_page=True)
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth - innerWidth"), 0)
        self.assertEqual(self.axe(page), [])

        # The lightbox, by keyboard alone.
        first = page.locator(".gallery__open").first
        first.focus()
        page.keyboard.press("Enter")
        lightbox = page.locator("dialog.lightbox")
        expect(lightbox).to_be_visible()
        expect(lightbox.locator("img").first).to_have_attribute("alt", ALT[0])
        page.keyboard.press("ArrowRight")
        expect(lightbox).to_contain_text("2 of 3")
        expect(lightbox.locator("img").first).to_have_attribute("alt", ALT[1])
        self.assertEqual(self.axe(page), [])
        page.screenshot(path=ARTIFACTS / f"library-lightbox-{width}.png")
        page.keyboard.press("Escape")
        expect(lightbox).to_be_hidden()
        # Back on the thumbnail of the picture last shown. The dialog's close event comes a
        # task after it hides, so the focus is waited for rather than read at once.
        expect(page.locator(".gallery__open").nth(1)).to_be_focused()
        self.assertEqual(problems, [])

    def axe(self, page):
        if not AXE.exists():
            return []  # the reader pages' test fails on CI without axe
        violations = axe_violations(page)
        (ARTIFACTS / "library-axe.json").write_text(json.dumps(violations, indent=1))
        return violations
