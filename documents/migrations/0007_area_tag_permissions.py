"""Editors and Publishers may review area tags (accept, reject, add) and keep the area
aliases: the rights on the models 0006 added. Self-contained, like 0002."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = ["sectionarea", "documentarea", "areaalias"]
CODENAMES = [
    f"{action}_{model}" for model in NEW_MODELS for action in ("add", "change", "delete", "view")
]
GROUPS = ["Editors", "Publishers"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="documents", codename__in=CODENAMES)
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="documents", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_reviewed_area_tags_and_event_sources")]

    operations = [migrations.RunPython(grant, revoke)]
