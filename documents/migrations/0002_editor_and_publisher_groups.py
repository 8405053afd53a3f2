"""Create the two curation groups with the least rights they need.

Editors add, change and view everything in the archive (and may delete drafts: the admin
refuses to delete a published or withdrawn document); Publishers may also publish and
withdraw documents.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVE_MODELS = [
    "cooperationarea",
    "organization",
    "series",
    "document",
    "section",
    "official",
    "quote",
    "event",
]
EDITOR_CODENAMES = [
    f"{action}_{model}"
    for model in ARCHIVE_MODELS
    for action in ("add", "change", "delete", "view")
]
PUBLISHER_CODENAMES = [*EDITOR_CODENAMES, "publish_document"]
GROUPS = {"Editors": EDITOR_CODENAMES, "Publishers": PUBLISHER_CODENAMES}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="documents", codename__in=codenames
        )
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
