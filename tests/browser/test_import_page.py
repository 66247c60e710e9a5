"""The Import copy page in a browser: a form sent twice makes one draft, the report comes back
under an empty text box, and every link and note on it can be read in the light and the dark
theme, on a phone and on a desktop. Screenshots land in the browser artifacts."""

from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from newsroom.roles import EDITOR
from tests.browser.base import ARTIFACTS, BrowserTestCase
from tests.factories import make_byline, make_role_user

PASSWORD = "a-long-test-password"
WIDTHS = (390, 1280)
# Partner copy in our own words: no headline line, a "By … | Outlet" line, a tag list.
COPY = """\
By Kim Minji and Lee Hana | Seoul Beat

NOVA9 will close their "Blue Hour" tour with two nights at the Inspire Arena in January, the
group's agency said on Monday.

Tickets go on sale to fan club members first, a week before the general sale, and the second
night will be streamed worldwide.

Tags: NOVA9, Blue Hour, concert
"""
# WCAG 2 contrast of each link and note against the first background behind it that is not
# transparent: 4.5 is the least for body text (AA).
CONTRASTS = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b]
    .map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => {
    for (; el; el = el.parentElement) {
      const colour = rgb(getComputedStyle(el).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  const checked = '#content a, .import-report__check, .import-summary, .messagelist li';
  return [...document.querySelectorAll(checked)].map(el => {
    const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return [el.textContent.trim().slice(0, 40), Math.round(ratio * 100) / 100];
  });
}"""


class ImportPageTests(BrowserTestCase):
    def setUp(self):
        editor = make_role_user(EDITOR, "importer")
        editor.set_password(PASSWORD)
        editor.save()
        make_byline("Kim Minji")
        Tag.objects.create(name="concert", slug="concert")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def signed_in(self, width, scheme="light"):
        context = self.browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(self.url(reverse("admin:login")))
        page.fill("#id_username", "importer")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#content")
        return page

    def import_copy(self, page):
        page.goto(self.url(reverse("admin:articles_article_import")))
        page.fill("#id_copy", COPY)
        page.dblclick("input[type=submit]")
        page.wait_for_selector(".import-summary")
        return page.url

    def test_one_form_sent_three_times_makes_one_draft_and_comes_back_empty(self):
        page = self.signed_in(1280)
        page.goto(self.url(reverse("admin:articles_article_import")))
        page.fill("#id_copy", COPY)
        # Twice at the same moment (a double click that gets both posts out, two tabs)...
        outcomes = page.evaluate("""async () => {
          const form = document.querySelector('#content form');
          // Bounded: evaluate() has no timeout, and a post lost on a busy machine must fail the
          // test, not hang the suite. A post sent again after that is one more resend.
          const post = () => fetch(form.action, {
            method: 'POST', body: new FormData(form), signal: AbortSignal.timeout(20000),
          });
          const send = () => post().catch(post);
          return (await Promise.all([send(), send()])).map(response => response.url);
        }""")
        # ...then once more from the page still holding it, as "send again" does.
        page.click("input[type=submit]")
        page.wait_for_selector(".import-summary")
        draft = Article.objects.get()
        self.assertEqual(outcomes, [page.url, page.url])
        self.assertIn("nothing was imported again", page.locator(".messagelist").inner_text())
        self.assertEqual(page.input_value("#id_copy"), "")
        link = page.locator(".import-report__draft a").get_attribute("href")
        self.assertEqual(link, reverse("admin:articles_article_change", args=[draft.pk]))
        page.context.close()

    def test_every_link_and_note_on_the_report_is_readable_in_both_themes(self):
        report = self.import_copy(self.signed_in(1280))
        for scheme in ("light", "dark"):
            for width in WIDTHS:
                with self.subTest(scheme=scheme, width=width):
                    page = self.signed_in(width, scheme)
                    page.goto(report)
                    page.screenshot(
                        path=ARTIFACTS / f"admin-import-report-{scheme}-{width}.png",
                        full_page=True,
                    )
                    contrasts = page.evaluate(CONTRASTS)
                    self.assertTrue(any("draft #" in text for text, _ in contrasts))
                    faint = [(text, ratio) for text, ratio in contrasts if ratio < 4.5]
                    self.assertEqual(faint, [])
                    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
                    self.assertLessEqual(scroll_width, width, "the page scrolls sideways")
                    page.context.close()
