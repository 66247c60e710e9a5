"""Every story's hero image becomes a library picture, with its caption, credit, alt text and
focal point; earlier revisions point at the same pictures."""

from django.db import migrations

from pictures.migrating import Library


def heroes_into_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Historical = apps.get_model("articles", "HistoricalArticle")
    library = Library(apps.get_model("pictures", "Image"))
    stories = Article._base_manager.exclude(hero_image="").order_by("pk")
    for story in stories.iterator(chunk_size=500):
        image = library.record(story, "hero", "hero_image", **_words(story))
        story.hero = image
        if story.hero_caption == image.caption:
            story.hero_caption = ""  # the library's caption, shown unless the story has its own
        story.save(update_fields=["hero", "hero_caption"])
    revisions = Historical.objects.exclude(hero_image="").order_by("-history_date", "-history_id")
    for name in revisions.order_by().values_list("hero_image", flat=True).distinct():
        image = library.first(name)
        if image is None:
            # A hero only earlier revisions had (replaced since) gets its record too, described
            # as the newest revision showing it described it: else those revisions would lose
            # their hero when 0020 drops the file's column.
            newest = revisions.filter(hero_image=name).first()
            image = library.record(newest, "hero", "hero_image", **_words(newest))
        revisions.filter(hero_image=name).update(hero=image)


def _words(story):
    """What a story (or a revision of it) said about its hero, as the library records it."""
    return {
        "title": story.headline[:200],
        "caption": story.hero_caption,
        "credit": story.hero_credit,
        # Alt text is required in the library; a story that had none gets its caption,
        # else its headline, which is what a screen reader heard before.
        "alt_text": (story.hero_alt or story.hero_caption or story.headline)[:300],
    }


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_library_pictures")]

    operations = [migrations.RunPython(heroes_into_library, migrations.RunPython.noop)]
