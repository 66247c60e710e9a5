"""Newsroom roles as Django groups: Writers draft and submit, Editors do everything else.

One definition, applied by a migration and again after every `migrate`, so a permission added
by a later model reaches the roles without anyone editing groups by hand.
"""

from django.apps import apps as global_apps

WRITER, EDITOR = "Writer", "Editor"

# "app_label.codename", or "app_label.*" for every permission of an app.
ROLES = {
    WRITER: [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",  # own drafts only: the admin checks the owner
        "articles.view_article",
        "articles.add_byline",  # a contributor met on the job; staff bylines come from accounts
        "articles.view_byline",  # the story form's byline picker searches them
        "articles.change_linksuggestion",  # confirm or reject the copy desk's suggestions
        "articles.view_linksuggestion",
        "artists.view_artist",
        "artists.view_label",
        "artists.view_release",
        "taggit.add_tag",
        "taggit.view_tag",
        # The picture library: upload and describe pictures, make galleries; withdrawing
        # and deleting are the editors' (a writer's "Withdraw" is refused by the admin).
        "pictures.add_image",
        "pictures.change_image",
        "pictures.view_image",
        "pictures.add_gallery",
        "pictures.change_gallery",
        "pictures.view_gallery",
        "pictures.add_galleryitem",
        "pictures.change_galleryitem",
        "pictures.delete_galleryitem",  # take a picture out of a gallery
        "pictures.view_galleryitem",
    ],
    EDITOR: ["articles.*", "artists.*", "pictures.*", "taggit.*"],
}


def sync_roles(apps=global_apps):
    """Create the role groups and give each exactly its permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.none()
        for name in names:
            app_label, codename = name.split(".")
            matching = Permission.objects.filter(content_type__app_label=app_label)
            wanted |= matching if codename == "*" else matching.filter(codename=codename)
        group.permissions.set(wanted)


def assign_role(user, role):
    """Put `user` in exactly one role group and give them admin access."""
    Group = global_apps.get_model("auth", "Group")
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    user.groups.add(Group.objects.get(name=role))
    user.is_staff = True
    user.save(update_fields=["is_staff"])
