"""Library pictures and galleries on a story's page: inserted in the body by a reference line,
printed as responsive figures with their credits, decided when the page is made (a withdrawn
or deleted picture prints nothing, one past its licence its words only), at a query cost
that does not grow with the number of pictures."""

import datetime as dt
import json
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pictures.embedding import Shown, picture_html
from tests.factories import image_file, make_article, make_gallery, make_picture


def json_ld(response):
    blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', response.content)
    return [json.loads(block) for block in blocks]


def story_data(response):
    return next(data for data in json_ld(response) if data.get("@type") == "NewsArticle")


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


class BodyPictureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.stage = make_picture(
            image_file("stage.jpg", size=(1400, 900)),
            title="Stage",
            alt_text="Five members under blue lights",
            caption="The encore in Incheon.",
            credit="Yonhap / Kim Ji-ho",
        )
        cls.story = make_article(body=f"Before.\n\n[picture:{cls.stage.pk}]\n\nAfter.")

    def page(self, story=None):
        return self.client.get((story or self.story).get_absolute_url()).content.decode()

    def figure(self, html):
        start = html.index('<figure class="story-picture')
        return html[start : html.index("</figure>", start) + len("</figure>")]

    def test_a_picture_in_the_body_is_a_responsive_figure_with_its_caption_and_credit(self):
        figure = self.figure(self.page())
        self.assertIn('alt="Five members under blue lights"', figure)
        self.assertIn('loading="lazy"', figure)
        self.assertIn('sizes="(min-width: 752px) 720px, 100vw"', figure)
        self.assertRegex(figure, r'srcset="[^"]*original-320\.jpeg 320w, [^"]*original-640\.jpeg')
        self.assertIn('type="image/webp"', figure)
        self.assertIn('width="1280"', figure)
        self.assertIn('height="823"', figure)  # the page does not jump as it arrives
        self.assertIn("The encore in Incheon.", figure)
        self.assertIn('<span class="credit">Photo: Yonhap / Kim Ji-ho</span>', figure)

    def test_the_page_tells_where_it_stands_between_the_paragraphs(self):
        html = self.page()
        self.assertLess(html.index("Before."), html.index("story-picture"))
        self.assertLess(html.index("story-picture"), html.index("After."))

    def test_a_picture_withdrawn_after_the_story_was_saved_prints_nothing(self):
        self.stage.hidden = True
        self.stage.save()
        html = self.page()
        self.assertNotIn("story-picture", html)
        self.assertNotIn("The encore in Incheon.", html)
        self.assertNotIn(self.stage.file.name.rpartition("/")[2].rpartition(".")[0], html)

    def test_a_deleted_picture_prints_nothing_and_no_broken_image(self):
        self.stage.delete()
        html = self.page()
        self.assertNotIn("story-picture", html)
        self.assertNotIn("<img", html.split('class="story__body"')[1].split("</div>")[0])

    def test_a_picture_past_its_licence_prints_its_caption_and_credit_without_the_image(self):
        self.stage.licence_expires = yesterday()
        self.stage.save()
        figure = self.figure(self.page())
        self.assertIn("story-picture--withheld", figure)
        self.assertNotIn("<img", figure)
        self.assertIn("The encore in Incheon.", figure)
        self.assertIn("Photo: Yonhap / Kim Ji-ho", figure)

    def test_a_licence_that_ends_today_still_shows_the_picture(self):
        self.stage.licence_expires = timezone.localdate()
        self.stage.save()
        self.assertIn("<img", self.figure(self.page()))

    def test_the_hero_past_its_licence_keeps_its_words_and_loses_its_image(self):
        story = make_article(hero=self.stage, hero_caption="The story's own caption.")
        self.stage.licence_expires = yesterday()
        self.stage.save()
        html = self.page(story)
        hero = html[html.index('<figure class="story__hero') : html.index("</figure>")]
        self.assertIn("story__hero--withheld", hero)
        self.assertNotIn("<img", hero)
        self.assertIn("The story&#x27;s own caption.", hero)
        self.assertNotIn(
            '"image"', json.dumps(story_data(self.client.get(story.get_absolute_url())))
        )

    def test_structured_data_names_each_picture_with_its_credit(self):
        data = story_data(self.client.get(self.story.get_absolute_url()))
        [picture] = data["associatedMedia"]
        self.assertEqual(picture["@type"], "ImageObject")
        self.assertTrue(picture["contentUrl"].startswith("http://testserver/media/renditions/"))
        self.assertEqual(picture["creditText"], "Yonhap / Kim Ji-ho")
        self.assertEqual(picture["copyrightNotice"], "Yonhap / Kim Ji-ho")
        self.assertEqual(picture["caption"], "The encore in Incheon.")

    def test_text_never_reaches_the_page_as_a_picture(self):
        """A caption or credit is text: markup in it is printed, not run."""
        self.stage.caption = '<img src=x onerror="alert(1)">'
        self.stage.save()
        html = self.page()
        self.assertNotIn('<img src=x onerror="alert(1)">', html)
        self.assertIn("&lt;img src=x onerror=", html)


class GalleryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pictures = [
            make_picture(
                image_file(f"g{n}.jpg", size=(1000, 800)),
                alt_text=f"Picture {n}",
                caption=f"Library caption {n}",
                credit=f"Agency {n}",
            )
            for n in range(3)
        ]
        cls.gallery = make_gallery(cls.pictures, title="Showcase night", captions=["", "Own one"])
        cls.story = make_article(body=f"Words.\n\n[gallery:{cls.gallery.pk}]")

    def page(self):
        return self.client.get(self.story.get_absolute_url())

    def test_a_gallery_is_plain_figures_in_order_each_a_link_to_its_large_image(self):
        html = self.page().content.decode()
        gallery = html[html.index('<figure class="gallery"') :]
        gallery = gallery[: gallery.index("</ul>")]
        self.assertIn("Showcase night", gallery)
        self.assertIn("3 pictures", gallery)
        alts = re.findall(r'alt="(Picture \d)"', gallery)
        self.assertEqual(alts, ["Picture 0", "Picture 1", "Picture 2"])
        links = re.findall(r'<a class="gallery__open" href="([^"]+)"', gallery)
        self.assertEqual(len(links), 3)
        self.assertTrue(all(link.endswith(".jpeg") for link in links))
        self.assertIn("Library caption 0", gallery)  # the picture's own caption
        self.assertIn("Own one", gallery)  # the gallery's caption for it
        self.assertNotIn("Library caption 1", gallery)
        self.assertIn("Photo: Agency 2", gallery)
        self.assertIn("pictures/lightbox.js", html)

    def test_withdrawn_and_expired_pictures_leave_the_gallery(self):
        self.pictures[0].hidden = True
        self.pictures[0].save()
        self.pictures[1].licence_expires = yesterday()
        self.pictures[1].save()
        html = self.page().content.decode()
        self.assertIn("1 picture<", html)
        self.assertEqual(re.findall(r'alt="(Picture \d)"', html), ["Picture 2"])

    def test_a_gallery_with_nothing_left_to_show_prints_nothing(self):
        for picture in self.pictures:
            picture.hidden = True
            picture.save()
        self.assertNotContains(self.page(), 'class="gallery"')

    def test_a_lead_gallery_sits_under_the_headline(self):
        story = make_article(body="Only words.", lead_gallery=self.gallery)
        html = self.client.get(story.get_absolute_url()).content.decode()
        self.assertLess(html.index('class="gallery"'), html.index('class="story__body"'))

    def test_structured_data_has_the_gallery_with_each_credit(self):
        [gallery] = story_data(self.page())["hasPart"]
        self.assertEqual(gallery["@type"], "ImageGallery")
        self.assertEqual(gallery["name"], "Showcase night")
        credits = [image["creditText"] for image in gallery["associatedMedia"]]
        self.assertEqual(credits, ["Agency 0", "Agency 1", "Agency 2"])
        self.assertEqual(gallery["associatedMedia"][1]["caption"], "Own one")


class QueryCostTests(TestCase):
    """The story page costs the same queries with 1 picture in its body or 30, and with one
    gallery or several."""

    def queries(self, story):
        self.client.get(story.get_absolute_url())  # warm: translations, content types
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(story.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return len(queries), response.content.decode()

    def story_with(self, pictures, galleries):
        lines = [f"[picture:{make_picture().pk}]" for _ in range(pictures)]
        for _ in range(galleries):
            lines.append(f"[gallery:{make_gallery([make_picture(), make_picture()]).pk}]")
        return make_article(body="\n\n".join(["Words.", *lines]), hero=make_picture())

    def test_one_picture_or_thirty_cost_the_same(self):
        one, one_html = self.queries(self.story_with(1, 1))
        thirty, thirty_html = self.queries(self.story_with(30, 5))
        self.assertEqual(one_html.count('class="story-picture"'), 1)
        self.assertEqual(thirty_html.count('class="story-picture"'), 30)
        self.assertEqual(thirty_html.count('class="gallery"'), 5)
        self.assertEqual(one, thirty)

    def test_the_pictures_of_a_page_are_fetched_in_three_queries_and_printed_in_none(self):
        gallery = make_gallery([make_picture(), make_picture()])
        html = f"<p>x</p>{picture_html(None)}"
        inserted = f'<figure class="library-gallery" data-gallery="{gallery.pk}"></figure>'
        pictures = [make_picture().pk for _ in range(5)]
        with self.assertNumQueries(3):  # pictures; galleries; their pictures
            shown = Shown.fetch(pictures, [gallery.pk])
        with self.assertNumQueries(0):
            shown.fill(html + inserted)
