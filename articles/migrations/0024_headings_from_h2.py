# Stored bodies rendered again: a story's headings start at h2 and a live entry's at h3,
# whatever level the writer used, and none skips a level (articles/markdown.py).
#
# Only the HTML derived from the writer's Markdown changes, so running it again changes
# nothing, and reversing it has nothing to undo: the next save renders the body anyway.

from django.db import migrations

from articles.markdown import render_markdown

BATCH = 500
TOPS = {"Article": 2, "LiveEntry": 3}  # a live entry sits under the page's "Live coverage" h2


def render_again(apps, schema_editor):
    for name, top in TOPS.items():
        model = apps.get_model("articles", name)
        # The base manager: every row, trashed stories too.
        rows = model._base_manager.only("pk", "body", "body_html").order_by("pk")
        changed = []
        for row in rows.iterator(chunk_size=BATCH):
            html = render_markdown(row.body, top=top)
            if html != row.body_html:
                row.body_html = html
                changed.append(row)
            if len(changed) == BATCH:  # a few hundred bodies in memory, not the archive
                model._base_manager.bulk_update(changed, ["body_html"])
                changed = []
        model._base_manager.bulk_update(changed, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_reads"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True),
    ]
