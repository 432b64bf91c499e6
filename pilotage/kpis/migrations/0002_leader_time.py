"""Every engagement carries the time its leader spends steering it: give it to the
engagements that existed before indicators did."""

from django.conf import settings
from django.db import migrations
from django.utils import translation


def add_leader_time(apps, schema_editor):
    from pilotage.kpis import catalogue

    Engagement = apps.get_model("engagements", "Engagement")
    Indicator = apps.get_model("kpis", "Indicator")
    Membership = apps.get_model("core", "Membership")
    template = catalogue.BY_CODE[catalogue.LEADER_TIME]
    with translation.override(settings.LANGUAGE_CODE):
        name, definition = str(template.name), str(template.definition)
    for engagement in Engagement.objects.all():
        if Indicator.objects.filter(engagement=engagement, template=template.code).exists():
            continue
        owner = (
            Membership.objects.filter(
                organisation_id=engagement.organisation_id, role="owner", is_active=True
            )
            .order_by("pk")
            .values_list("user_id", flat=True)
            .first()
        )
        start = engagement.start_date or engagement.created_at.date()
        Indicator.objects.create(
            organisation_id=engagement.organisation_id,
            engagement=engagement,
            template=template.code,
            name=name,
            definition=definition,
            unit=template.unit,
            direction=template.direction,
            target=template.target,
            red=template.red,
            frequency=template.frequency,
            source=template.source,
            aspect=template.aspect,
            owner_id=owner,
            since=start.replace(day=1),
            position=0,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("kpis", "0001_initial"),
        ("engagements", "0002_engagement_end_date_engagement_start_date"),
        ("core", "0002_initial"),
    ]

    operations = [migrations.RunPython(add_leader_time, migrations.RunPython.noop)]
