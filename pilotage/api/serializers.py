"""Explicit input and output shapes of the API."""

from __future__ import annotations

from rest_framework import serializers

from pilotage.core.models import AuditEntry
from pilotage.engagements.models import (
    Engagement,
    EngagementKind,
    Function,
    Stage,
    Vendor,
    VendorContact,
    VendorKind,
)


class ContactOut(serializers.ModelSerializer):
    class Meta:
        model = VendorContact
        fields = ["id", "name", "position", "email", "phone"]


class VendorOut(serializers.ModelSerializer):
    contacts = ContactOut(many=True, read_only=True)

    class Meta:
        model = Vendor
        fields = ["id", "name", "siren", "kind", "website", "address", "notes", "contacts"]


class VendorIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=VendorKind.choices)
    siren = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    website = serializers.URLField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()


class EngagementOut(serializers.ModelSerializer):
    vendor = serializers.SerializerMethodField()
    referent = PersonOut(allow_null=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "title",
            "function",
            "kind",
            "vendor",
            "referent",
            "objectives",
            "stage",
            "stage_due_on",
            "stage_changed_at",
            "start_date",
            "end_date",
        ]

    def get_vendor(self, obj: Engagement) -> dict | None:
        return {"id": obj.vendor.pk, "name": obj.vendor.name} if obj.vendor else None


class EngagementIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    function = serializers.ChoiceField(choices=Function.choices)
    kind = serializers.ChoiceField(choices=EngagementKind.choices)
    vendor = serializers.IntegerField(required=False, allow_null=True, default=None)
    referent = serializers.IntegerField(required=False, allow_null=True, default=None)
    objectives = serializers.CharField(required=False, allow_blank=True, default="")
    stage = serializers.ChoiceField(choices=Stage.choices, required=False, default=Stage.DIAGNOSTIC)
    stage_due_on = serializers.DateField(required=False, allow_null=True, default=None)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class EngagementPatch(EngagementIn):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)
        self.fields.pop("stage")


class StageIn(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    stage_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class AuditOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label")

    class Meta:
        model = AuditEntry
        fields = [
            "seq",
            "at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "ip",
            "prev_hash",
            "hash",
        ]


class ValueIn(serializers.Serializer):
    indicator = serializers.IntegerField()
    value = serializers.CharField(max_length=40)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ValuesIn(serializers.Serializer):
    period = serializers.CharField(max_length=20)
    values = ValueIn(many=True, allow_empty=False)
