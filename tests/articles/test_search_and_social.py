"""A story's search and social fields: each defaults to the headline, standfirst or address."""

from django.test import TestCase
from django.urls import reverse

from articles.sitemaps import news_stories
from tests.factories import image_file, make_article, make_picture, make_user


class SearchAndSocialTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("RM's second album is out", dek="Eleven tracks, led by LOST!.")

    def page(self, story=None):
        return self.client.get((story or self.story).get_absolute_url())

    def test_without_them_the_headline_and_standfirst_serve(self):
        page, headline = self.page(), "RM&#x27;s second album is out"
        address = f"http://testserver{self.story.get_absolute_url()}"
        self.assertContains(page, f"<title>{headline} · ")
        self.assertContains(page, 'name="description" content="Eleven tracks, led by LOST!.">')
        self.assertContains(page, f'<meta property="og:title" content="{headline}">')
        self.assertContains(page, f'<link rel="canonical" href="{address}">')
        self.assertNotContains(page, 'name="robots"')

    def test_each_field_takes_its_place_in_the_head_json_ld_and_feed(self):
        story = make_article(
            "A headline for readers",
            dek="The standfirst.",
            seo_title="Search headline",
            meta_description="Search snippet.",
            social_title="Shared headline",
            social_description="Shared text.",
            canonical_url="https://partner.example/original",
        )
        page = self.page(story)
        self.assertContains(page, "<title>Search headline · ")
        self.assertContains(page, '<meta name="description" content="Search snippet.">')
        self.assertContains(page, '<meta property="og:title" content="Shared headline">')
        self.assertContains(page, '<meta property="og:description" content="Shared text.">')
        original = "https://partner.example/original"
        self.assertContains(page, f'<link rel="canonical" href="{original}">', count=1)
        self.assertContains(page, f'<meta property="og:url" content="{original}">', count=1)
        self.assertContains(page, '"description":"Search snippet."')
        self.assertContains(page, '<h1 class="story__headline">A headline for readers</h1>')
        self.assertContains(self.client.get(reverse("articles:feed")), "Search snippet.")

    def test_a_story_kept_out_of_search_engines_says_so_and_leaves_the_sitemaps(self):
        hidden = make_article("Kept out", noindex=True)
        self.assertContains(self.page(hidden), '<meta name="robots" content="noindex">')
        self.assertNotIn(hidden, list(news_stories()))
        sitemap = self.client.get("/sitemap-stories.xml")
        self.assertContains(sitemap, self.story.get_absolute_url())
        self.assertNotContains(sitemap, hidden.get_absolute_url())

    def test_the_desk_is_warned_of_what_looks_bad_in_search_and_shares(self):
        long = make_article("A" * 120, dek="", hero=make_picture(image_file(size=(800, 450))))
        self.assertEqual(len(long.search_and_social_warnings()), 3)
        self.assertEqual(self.story.search_and_social_warnings(), [])
        self.client.force_login(make_user(superuser=True))
        change = self.client.get(reverse("admin:articles_article_change", args=[long.pk]))
        self.assertContains(change, "search results will cut it")
        self.assertContains(change, "The hero image is 800 px wide")

    def test_a_social_image_of_its_own_goes_on_shared_links(self):
        story = make_article(
            "Showcase photos",
            dek="From the stage.",
            hero=make_picture(image_file(size=(1600, 900)), alt_text="The group on stage"),
            social_image=image_file(size=(1400, 1000)),
        )
        page = self.page(story).content.decode()
        og_image = page.split('property="og:image" content="')[1].split('"')[0]
        self.assertIn("/articles/social/", og_image)
        self.assertIn('"@type":"NewsArticle"', page.replace(": ", ":"))
        self.assertEqual(story.search_and_social_warnings(), [])

    def test_a_narrow_social_image_is_warned_of_even_with_a_wide_hero(self):
        story = make_article(
            "Teaser",
            dek="A first look.",
            hero=make_picture(image_file(size=(1600, 900))),
            social_image=image_file(size=(600, 400)),
        )
        self.assertEqual(
            story.search_and_social_warnings(),
            ["The social image is 600 px wide: shared links show a large image from 1200 px."],
        )
