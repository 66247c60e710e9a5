"""Write a consistent backup of the database to one file, whichever database the site uses.

PostgreSQL: `pg_dump --format=custom` (restore it with `pg_restore`, or `manage.py restore`).
SQLite: SQLite's online backup, page by page under a read lock, so the copy is consistent even
while the site keeps writing; copying the live file with `cp` is not.

The file appears under its final name only once it is complete, and an existing file is never
overwritten. Uploaded media are not in the database: back them up separately (see README).
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

PRIVATE = 0o600


def postgres_env(connection):
    """The environment that points PostgreSQL's own tools at a Django database: host, port,
    user and name, plus the password and TLS options Django's `dbshell` would pass."""
    settings_dict = connection.settings_dict
    _, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}, **(extra or {})}


def run_postgres_tool(command, env, failure):
    """Run one of PostgreSQL's client programs; if it fails, CommandError saying `failure`
    and what the program said."""
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise CommandError(f"{command[0]} is not installed (Debian: postgresql-client).") from error
    if done.returncode:
        raise CommandError(f"{failure}\n{done.stderr.strip()}")


def check_sqlite_file(path):
    """Raise CommandError unless `path` is a readable SQLite database that passes SQLite's
    integrity check."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise CommandError(f"{path} is not a readable SQLite database: {error}") from error
    if result != "ok":
        raise CommandError(f"{path} failed SQLite's integrity check: {result}")


def create_private(path):
    """Create `path` empty, readable and writable by its owner alone (0600), whatever the
    umask: a backup holds password hashes. pg_dump and SQLite write into the file in place,
    so it keeps this mode, and SQLite gives its journal the mode of the database."""
    path.unlink(missing_ok=True)  # left by a backup that was killed
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


class Command(BaseCommand):
    help = "Back up the database to FILE (pg_dump's custom format, or a SQLite database file)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup; must not exist yet.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        target = Path(file)
        if target.exists():
            raise CommandError(f"{target} already exists; choose a new name.")
        partial = target.with_name(f".{target.name}.partial")
        connection = connections[database]
        try:
            create_private(partial)
            if connection.vendor == "postgresql":
                self.dump_postgres(connection, partial)
            elif connection.vendor == "sqlite":
                self.copy_sqlite(connection, partial)
            else:
                raise CommandError(f"No backup method for {connection.vendor}.")
            partial.rename(target)
        finally:
            partial.unlink(missing_ok=True)
        size = target.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({size:,} bytes)."))

    def dump_postgres(self, connection, path):
        command = ["pg_dump", "--format=custom", f"--file={path}"]
        run_postgres_tool(command, postgres_env(connection), "pg_dump failed:")

    def copy_sqlite(self, connection, path):
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        check_sqlite_file(path)
