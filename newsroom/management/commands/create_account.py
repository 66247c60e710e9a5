"""Make (or update) a staff account with a newsroom role and print its password."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom.roles import ROLES, assign_role


class Command(BaseCommand):
    help = "Create a Writer or Editor account (or change an existing account's role)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.lower() for r in ROLES])
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help='Full name for bylines: "Hana Seo".')
        parser.add_argument(
            "--reset-password", action="store_true", help="Give an existing account a new one."
        )

    @transaction.atomic
    def handle(self, *args, username, role, email, name, reset_password, **options):
        role = next(r for r in ROLES if r.lower() == role)
        first, _, last = name.partition(" ")
        user, created = get_user_model().objects.get_or_create(username=username)
        if email:
            user.email = email
        if name:
            user.first_name, user.last_name = first, last
        password = None
        if created or reset_password:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        if not user.is_active:
            raise CommandError(f"{username} is deactivated; reactivate it in the admin first.")
        user.save()
        assign_role(user, role)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username} as {role}."))
        if password:
            self.stdout.write(f"  password: {password}")
