"""Arranged meetings become rows (a calendar UID each, for life), copied from the pairs' one next-meeting field."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_next_meetings(apps, schema_editor):
    """Each pair's next meeting, if any, becomes its first planned meeting."""
    Mentorship = apps.get_model("mentoring", "Mentorship")
    PlannedMeeting = apps.get_model("mentoring", "PlannedMeeting")
    rows = []
    for pair in Mentorship.objects.filter(next_meeting_at__isnull=False).select_related("mentee"):
        if pair.status == "active":
            rows.append(
                PlannedMeeting(
                    mentorship=pair,
                    starts_at=pair.next_meeting_at,
                    place=pair.next_meeting_place,
                    planned_by_id=pair.mentee.user_id,
                )
            )
    PlannedMeeting.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ('mentoring', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PlannedMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField()),
                ('duration_minutes', models.PositiveSmallIntegerField(default=60)),
                ('place', models.CharField(blank=True, max_length=200)),
                ('sequence', models.PositiveIntegerField(default=0)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('mentorship', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='planned_meetings', to='mentoring.mentorship')),
                ('planned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['starts_at', 'id'],
                'indexes': [models.Index(fields=['mentorship', 'starts_at'], name='planned_meeting_pair_start')],
                'constraints': [models.CheckConstraint(condition=models.Q(('duration_minutes__gte', 5), ('duration_minutes__lte', 600)), name='planned_meeting_duration_sane')],
            },
        ),
        migrations.RunPython(copy_next_meetings, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='mentorship',
            name='next_meeting_at',
        ),
        migrations.RemoveField(
            model_name='mentorship',
            name='next_meeting_place',
        ),
    ]
