import shutil
import tempfile


def pytest_configure(config):
    """Uploaded files go to a throwaway folder; hashing is fast in tests."""
    from django.conf import settings

    media = tempfile.mkdtemp(prefix="newsroom-test-media-")
    settings.MEDIA_ROOT = media
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    config.add_cleanup(lambda: shutil.rmtree(media, ignore_errors=True))
