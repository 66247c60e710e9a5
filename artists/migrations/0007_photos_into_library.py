"""Every artist photo and release cover becomes a library picture with its credit and focal
point, showing the artists it showed."""

from django.db import migrations

from pictures.migrating import Library


def photos_into_library(apps, schema_editor):
    Artist = apps.get_model("artists", "Artist")
    Release = apps.get_model("artists", "Release")
    library = Library(apps.get_model("pictures", "Image"))
    for artist in Artist.objects.exclude(photo="").order_by("pk").iterator(chunk_size=500):
        image = library.record(
            artist, "photo", "photo", title=artist.name, credit=artist.photo_credit, alt_text=artist.name
        )
        image.artists.add(artist)
        artist.picture = image
        artist.save(update_fields=["picture"])
    releases = Release.objects.exclude(cover="").prefetch_related("artists").order_by("pk")
    for release in releases.iterator(chunk_size=500):
        alt = f"Cover of {release.title}"  # what the release page gave as alt text
        image = library.record(
            release, "cover", "cover", title=release.title[:200], credit=release.cover_credit, alt_text=alt[:300]
        )
        image.artists.add(*release.artists.all())
        release.artwork = image
        release.save(update_fields=["artwork"])


class Migration(migrations.Migration):
    dependencies = [("artists", "0006_library_pictures")]

    operations = [migrations.RunPython(photos_into_library, migrations.RunPython.noop)]
