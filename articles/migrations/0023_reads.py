# Most read: reads counted per story, rolled up daily.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_social_embeds"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReadDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(unique=True)),
                ("rolled_up_at", models.DateTimeField(blank=True, null=True)),
                ("final", models.BooleanField(default=False)),
            ],
            options={
                "verbose_name": "rolled-up day",
            },
        ),
        migrations.CreateModel(
            name="ReadSalt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(unique=True)),
                ("salt", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "reader salt",
            },
        ),
        migrations.CreateModel(
            name="DailyReads",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(db_index=True, verbose_name="day")),
                ("reads", models.PositiveIntegerField(default=0, verbose_name="readers")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="daily_reads",
                        to="articles.article",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "daily reads",
                "verbose_name_plural": "daily reads",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "day"), name="one_daily_reads_per_story"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="DailySource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("search", "Search engines"),
                            ("social", "Social media"),
                            ("site", "Other sites"),
                            ("internal", "This site"),
                            ("direct", "Direct or unknown"),
                        ],
                        max_length=8,
                        verbose_name="came from",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=100, verbose_name="source")),
                ("day", models.DateField(db_index=True, verbose_name="day")),
                ("reads", models.PositiveIntegerField(default=0, verbose_name="readers")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="daily_sources",
                        to="articles.article",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "daily reads by source",
                "verbose_name_plural": "daily reads by source",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "day", "kind", "source"),
                        name="one_daily_source_per_story",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Read",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("search", "Search engines"),
                            ("social", "Social media"),
                            ("site", "Other sites"),
                            ("internal", "This site"),
                            ("direct", "Direct or unknown"),
                        ],
                        max_length=8,
                        verbose_name="came from",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=100, verbose_name="source")),
                (
                    "hour",
                    models.DateTimeField(
                        help_text="The start of the hour, in UTC.", verbose_name="hour"
                    ),
                ),
                ("reader", models.CharField(max_length=32, verbose_name="reader")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "read",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("hour", "article", "reader"), name="one_read_per_reader_and_hour"
                    )
                ],
            },
        ),
    ]
