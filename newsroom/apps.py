from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        # post_migrate fires once per app, after that app's permissions exist; syncing on each
        # keeps the roles complete whatever the order of INSTALLED_APPS.
        post_migrate.connect(_sync_roles, dispatch_uid="newsroom-sync-roles")
        from . import cache, text

        cache.connect_signals()
        text.connect_signals()
