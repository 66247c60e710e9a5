import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

from newsroom.settings import cache_from_url


class CacheUrlTests(SimpleTestCase):
    def test_redis_url_uses_djangos_redis_cache(self):
        cache = cache_from_url("redis://127.0.0.1:6379/1?prefix=site")
        self.assertEqual(cache["BACKEND"], "newsroom.cache.RedisCache")
        self.assertEqual(cache["LOCATION"], "redis://127.0.0.1:6379/1")
        self.assertEqual(cache["KEY_PREFIX"], "site")

    def test_local_memory_and_dummy(self):
        self.assertIn("LocMemCache", cache_from_url("locmem://")["BACKEND"])
        self.assertIn("DummyCache", cache_from_url("dummy://")["BACKEND"])

    def test_an_unknown_scheme_is_refused_clearly(self):
        with self.assertRaisesMessage(ValueError, "'memcached' is not supported"):
            cache_from_url("memcached://127.0.0.1")


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-of-enough-length-and-variety-7f3k9q2x8w1v5z0p4m6n",
    "ALLOWED_HOSTS": "news.example.com",
    "HTTPS": "1",
    "SITE_URL": "https://news.example.com",
}


class DeployCheckTests(SimpleTestCase):
    def run_manage(self, *args, **env):
        root = Path(__file__).resolve().parents[2]
        environment = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=root,
            env={**environment, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_production_settings_pass_the_deploy_check(self):
        result = self.run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("no issues", result.stdout)

    def test_without_debug_a_missing_secret_key_stops_the_process_with_a_clear_message(self):
        settings = {**PRODUCTION, "SECRET_KEY": ""}
        result = self.run_manage("check", **settings)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is not set", result.stderr)
        self.assertIn("DEBUG=1", result.stderr)
        del settings["SECRET_KEY"]
        self.assertIn("SECRET_KEY is not set", self.run_manage("check", **settings).stderr)

    def test_schema_commands_need_no_secret_key_and_others_still_do(self):
        settings = {**PRODUCTION, "SECRET_KEY": ""}
        result = self.run_manage("makemigrations", "--check", "--dry-run", **settings)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("No changes detected", result.stdout)
        self.assertIn("SECRET_KEY is not set", self.run_manage("migrate", **settings).stderr)

    def test_the_local_defaults_are_flagged_by_the_deploy_check(self):
        result = self.run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr + result.stdout)

    def test_a_site_url_left_at_the_local_default_is_flagged_by_the_deploy_check(self):
        settings = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
        result = self.run_manage("check", "--deploy", "--fail-level", "WARNING", **settings)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("newsroom.W001", result.stderr)
        self.assertIn("SITE_URL is left at http://127.0.0.1:8000", result.stderr)

    def test_a_plain_http_site_url_behind_https_is_flagged(self):
        settings = {**PRODUCTION, "SITE_URL": "http://news.example.com"}
        result = self.run_manage("check", "--deploy", "--fail-level", "WARNING", **settings)
        self.assertIn("newsroom.W002", result.stderr)

    def test_a_site_url_that_is_no_address_stops_the_process_with_a_clear_message(self):
        for wrong in ("news.example.com", "https://news.example.com/news", "ftp://example.com"):
            with self.subTest(site_url=wrong):
                result = self.run_manage("check", **{**PRODUCTION, "SITE_URL": wrong})
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("give the scheme and host alone", result.stderr)

    def test_an_id_authority_that_is_no_domain_name_is_refused(self):
        result = self.run_manage("check", **{**PRODUCTION, "ID_AUTHORITY": "news example"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ID_AUTHORITY 'news example' is not a domain name", result.stderr)

    def test_empty_site_url_and_id_authority_mean_their_defaults(self):
        settings = {**PRODUCTION, "SITE_URL": "https://news.example.com/", "ID_AUTHORITY": ""}
        result = self.run_manage(
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.SITE_URL, s.ID_AUTHORITY)",
            **settings,
        )
        self.assertEqual(
            result.stdout.split()[-2:], ["https://news.example.com", "news.example.com"]
        )
