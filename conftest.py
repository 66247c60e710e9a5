import shutil
import tempfile

import pytest


def pytest_configure(config):
    """Uploaded files go to a throwaway folder; hashing is fast in tests."""
    from django.conf import settings

    media = tempfile.mkdtemp(prefix="newsroom-test-media-")
    settings.MEDIA_ROOT = media
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # View tests count queries and compare pages between requests: they test the views, so
    # the page cache is off unless a test turns it on (tests/newsroom/test_page_cache.py).
    settings.PAGE_CACHE_SECONDS = 0
    # Pages render, and static files are served, without running collectstatic first.
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    config.add_cleanup(lambda: shutil.rmtree(media, ignore_errors=True))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, whichever backend CACHE_URL names, and with no
    page or tag version remembered in this process, and Redis taken as healthy."""
    from django.core.cache import cache

    from newsroom.cachestore import breaker, database, follower

    cache.clear()
    follower.forget()
    breaker.reset()
    database.reset()
