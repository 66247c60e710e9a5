# Most read: reads counted per story, rolled up daily.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_social_embeds"),
    ]

    operations = []
