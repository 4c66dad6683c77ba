"""The "editors" group: the people who enter inspection data through the admin.

They may view, add and change inspection data (and delete judgements, which the inspection page
edits inline), and nothing else: no users, no groups.

Permissions are normally created by a post_migrate signal, i.e. *after* every migration has run,
so on a fresh database they do not exist yet when this runs. They are created here explicitly,
with the same content type and codename the signal would use; the signal later finds them and
adds nothing twice. The lists are written out (not imported from the apps) so that this
migration keeps meaning what it meant when models change.
"""

from django.db import migrations

GROUP_NAME = "editors"

EDITABLE_MODELS = {
    "inspections": (
        "inspection",
        "judgement",
        "monitoringvisit",
        "focusedvisit",
        "jointtargetedareainspection",
        "intervention",
    ),
    "authorities": ("authority", "formername", "statisticalneighbour"),
}
ACTIONS = ("view", "add", "change")
EXTRA_ACTIONS = {
    ("inspections", "judgement"): ("delete",),
    # Rows of an authority's page: a revised neighbour list or a mistaken former name.
    ("authorities", "formername"): ("delete",),
    ("authorities", "statisticalneighbour"): ("delete",),
}


def _permission(apps, using, app_label, model_name, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.using(using).get_or_create(
        app_label=app_label, model=model_name
    )
    permission, _ = Permission.objects.using(using).get_or_create(
        content_type=content_type,
        codename=f"{action}_{model_name}",
        defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
    )
    return permission


def create_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    using = schema_editor.connection.alias
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    permissions = [
        _permission(apps, using, app_label, model_name, action)
        for app_label, model_names in EDITABLE_MODELS.items()
        for model_name in model_names
        for action in ACTIONS + EXTRA_ACTIONS.get((app_label, model_name), ())
    ]
    group.permissions.add(*permissions)


def delete_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("authorities", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
