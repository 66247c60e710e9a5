"""Restore a backup made by `manage.py backup` (or by `pg_dump --format=custom`) into the
database the settings name, which must be empty: a restore never mixes with existing rows.

PostgreSQL: create the empty database first (`createdb`), then `pg_restore --no-owner` fills it
with tables, rows, sequences and indexes, owned by the user that restores.
SQLite: the backup is copied into a new database file with SQLite's backup API.

Afterwards `manage.py migrate` has nothing to do unless the backup predates the code.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from .backup import check_sqlite_file, postgres_env, run_postgres_tool


class Command(BaseCommand):
    help = "Restore FILE into the configured database, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup made by `manage.py backup`.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        connection = connections[database]
        name = connection.settings_dict["NAME"]
        tables = connection.introspection.table_names()
        if tables:
            raise CommandError(
                f"The database {name} already holds {len(tables)} tables: restore only into an "
                "empty database (PostgreSQL: createdb a new one; SQLite: a new file name)."
            )
        if connection.vendor == "postgresql":
            self.restore_postgres(connection, source)
        elif connection.vendor == "sqlite":
            self.restore_sqlite(connection, source)
        else:
            raise CommandError(f"No restore method for {connection.vendor}.")
        connection.close()
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {name}."))
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migrations of this code: run "
                "`manage.py migrate` before serving it."
            )

    def restore_postgres(self, connection, source):
        env = postgres_env(connection)
        not_an_archive = f"{source} is not a pg_dump archive in the custom format."
        run_postgres_tool(["pg_restore", "--list", str(source)], env, not_an_archive)
        # The database is named explicitly: pg_restore without --dbname only prints SQL.
        command = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction"]
        command += [f"--dbname={env['PGDATABASE']}", str(source)]
        run_postgres_tool(command, env, "pg_restore failed, nothing was restored:")

    def restore_sqlite(self, connection, source):
        check_sqlite_file(source)
        connection.ensure_connection()
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup:
            backup.backup(connection.connection)
