#!/usr/bin/env python
import os
import secrets
import sys

# Commands that read or write the schema and sign nothing run without SECRET_KEY (on a
# checkout, in CI); they get a throwaway key of their own. Everything else needs the real one.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS and not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
