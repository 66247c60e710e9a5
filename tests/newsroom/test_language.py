"""One setting, LANGUAGE_CODE (the NEWS_LANGUAGE environment variable), names the language
everywhere a page or a feed states it, each in the form its standard asks for."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from tests.factories import make_article
from tests.newsroom.test_sitemaps import NEWS
from tests.newsroom.test_structured_data import json_ld, meta

HTML_LANG = re.compile(r'<html lang="([^"]*)"')
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Teaser out")

    def stated(self):
        """The language as each surface states it."""
        page = self.client.get(self.story.get_absolute_url())
        rss = ET.fromstring(self.client.get(reverse("articles:feed")).content)
        atom = ET.fromstring(self.client.get(reverse("articles:feed_atom")).content)
        news = ET.fromstring(self.client.get(reverse("news_sitemap")).content)
        return {
            "html lang": HTML_LANG.search(page.content.decode())[1],
            "home html lang": HTML_LANG.search(self.client.get("/").content.decode())[1],
            "404 html lang": HTML_LANG.search(self.client.get("/nope/").content.decode())[1],
            "JSON-LD inLanguage": json_ld(page)["inLanguage"],
            "og:locale": meta(page, "og:locale"),
            "RSS language": rss.findtext("channel/language"),
            "Atom xml:lang": atom.get(XML_LANG),
            "news sitemap": news.findtext(f".//{NEWS}language"),
        }

    def test_every_surface_states_the_sites_language(self):
        self.assertEqual(
            self.stated(),
            {
                "html lang": "en-gb",
                "home html lang": "en-gb",
                "404 html lang": "en-gb",
                "JSON-LD inLanguage": "en-gb",
                "og:locale": ["en_GB"],
                "RSS language": "en-gb",
                "Atom xml:lang": "en-gb",
                "news sitemap": "en",
            },
        )

    @override_settings(LANGUAGE_CODE="ko", NEWS_LANGUAGE="ko")
    def test_changing_the_setting_changes_them_all(self):
        stated = self.stated()
        self.assertEqual(stated.pop("og:locale"), ["ko"])
        self.assertEqual(set(stated.values()), {"ko"})


class LanguageSettingTests(SimpleTestCase):
    def settings_for(self, value):
        code = "from django.conf import settings as s; print(s.LANGUAGE_CODE, s.NEWS_LANGUAGE)"
        env = {**os.environ, "DEBUG": "1", "NEWS_LANGUAGE": value}
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.split()

    def test_the_google_news_code_follows_the_language_tag(self):
        for value, expected in {
            "en-GB": ["en-gb", "en"],
            "ko": ["ko", "ko"],
            "pt-BR": ["pt-br", "pt"],
        }.items():
            with self.subTest(NEWS_LANGUAGE=value):
                self.assertEqual(self.settings_for(value), expected)
