"""Load the default specialties, Step 1 topics and languages."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from huddle.accounts import taxonomy


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Specialty = apps.get_model("accounts", "Specialty")
    Topic = apps.get_model("accounts", "Topic")
    Language = apps.get_model("accounts", "Language")
    Specialty.objects.bulk_create([Specialty(name=n) for n in taxonomy.AAMC_SPECIALTIES], ignore_conflicts=True)
    Topic.objects.bulk_create(
        [Topic(name=n, kind="system") for n in taxonomy.STEP1_SYSTEMS]
        + [Topic(name=n, kind="discipline") for n in taxonomy.STEP1_DISCIPLINES],
        ignore_conflicts=True,
    )
    Language.objects.bulk_create([Language(code=c, name=n) for c, n in taxonomy.LANGUAGES], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
