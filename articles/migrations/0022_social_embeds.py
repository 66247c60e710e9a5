# Social embeds: the oEmbed answers stored for links in stories and live entries.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_live_coverage"),
    ]

    operations = [
        migrations.CreateModel(
            name="SocialEmbed",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("link", models.URLField(max_length=500, unique=True, verbose_name="link")),
                ("platform", models.CharField(max_length=20, verbose_name="platform")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "Waiting to be fetched"),
                            ("embedded", "Embedded"),
                            ("unavailable", "Provider unavailable, to be asked again"),
                            ("gone", "Gone or private"),
                            ("not_embeddable", "Not embeddable"),
                        ],
                        default="waiting",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "html",
                    models.TextField(
                        blank=True, help_text="Cleaned when stored.", verbose_name="embed HTML"
                    ),
                ),
                (
                    "title",
                    models.CharField(blank=True, max_length=500, verbose_name="title or text"),
                ),
                (
                    "author_name",
                    models.CharField(blank=True, max_length=200, verbose_name="author"),
                ),
                (
                    "author_url",
                    models.URLField(blank=True, max_length=1000, verbose_name="author's page"),
                ),
                (
                    "thumbnail_url",
                    models.URLField(blank=True, max_length=1000, verbose_name="thumbnail"),
                ),
                (
                    "queued_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="queued"),
                ),
                ("fetched_at", models.DateTimeField(blank=True, null=True, verbose_name="fetched")),
                ("error", models.CharField(blank=True, max_length=500, verbose_name="error")),
            ],
            options={
                "verbose_name": "social embed",
                "verbose_name_plural": "social embeds",
            },
        ),
    ]
