"""Date formats of our own, ahead of Django's locale formats (FORMAT_MODULE_PATH)."""
