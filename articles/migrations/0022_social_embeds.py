# Social embeds: the oEmbed answers stored for links in stories and live entries.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_live_coverage"),
    ]

    operations = []
