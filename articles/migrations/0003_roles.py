from django.db import migrations


def create_roles(apps, schema_editor):
    """Nothing, now: the roles are made, and kept complete, after every `migrate` by the
    project (newsroom/apps.py and newsroom/roles.py), and an app imports no part of the
    project."""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("artists", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
