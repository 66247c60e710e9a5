"""What the pictures app tells the rest of the site; newsroom/apps.py connects the receivers."""

from django.dispatch import Signal

# Sent once the `renditions` command has rewritten rows in place (no save, so no post_save):
# the pages that print those pictures are out of date.
renditions_remade = Signal()
