"""Editors review the disagreements between sources (DataNote): they may view the notes and
change them (settle one that waits, the admin's "accept"), never add or delete one. Permissions
are created here as in 0002 (the post_migrate signal runs only afterwards)."""

from django.db import migrations

GROUP_NAME = "editors"
MODELS = ("datanote",)
ACTIONS = ("view", "change")


def _permissions(apps, using):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model_name in MODELS:
        model = apps.get_model("inspections", model_name)
        content_type, _ = ContentType.objects.using(using).get_or_create(
            app_label="inspections", model=model_name
        )
        for action in ACTIONS:
            permission, _ = Permission.objects.using(using).get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
            yield permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    using = schema_editor.connection.alias
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    group.permissions.add(*_permissions(apps, using))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    using = schema_editor.connection.alias
    group = Group.objects.using(using).filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, using))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0012_frameworks_before_sif_sources")]

    operations = [migrations.RunPython(grant, revoke)]
