"""JSON records. Every record carries its stable identifiers (public id and/or slug) and its
canonical URLs: ``url`` (the page a citation points to) and ``api_url`` (this record)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api import links
from documents import selectors
from documents.models import (
    CooperationArea,
    Document,
    Event,
    Official,
    Organization,
    Quote,
    Section,
    Series,
)


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The object's canonical page, absolute."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return links.page_url(self.context.get("request"), obj)


@extend_schema_field(OpenApiTypes.URI)
class ApiURLField(PageURLField):
    """The object's record in this API, absolute."""

    def to_representation(self, obj):
        return links.api_url(self.context.get("request"), obj)


@extend_schema_field(OpenApiTypes.URI)
class ShortURLField(PageURLField):
    """The short link that never changes (/d/<id>, /q/<id>)."""

    def to_representation(self, obj):
        return links.short_url(self.context.get("request"), obj)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalURLField(serializers.CharField):
    """A URL the archive may not have: null rather than an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class AreaRefSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = ApiURLField()

    class Meta:
        model = CooperationArea
        fields = ["slug", "name", "url", "api_url"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = ApiURLField()

    class Meta:
        model = Organization
        fields = ["slug", "name", "url", "api_url"]


class SeriesRefSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = ApiURLField()

    class Meta:
        model = Series
        fields = ["slug", "title", "url", "api_url"]


class DocumentRefSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="public_id", read_only=True)
    display_date = serializers.CharField(read_only=True)
    url = PageURLField()
    api_url = ApiURLField()

    class Meta:
        model = Document
        fields = ["id", "slug", "title", "kind", "date", "display_date", "url", "api_url"]


class OfficialRefSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    url = PageURLField()
    api_url = ApiURLField()

    class Meta:
        model = Official
        fields = ["slug", "name", "description", "label", "url", "api_url"]


DATE_FIELDS = ["date", "date_precision", "display_date"]


class DatedSerializer(serializers.ModelSerializer):
    display_date = serializers.CharField(
        read_only=True, help_text="As far as the date is known: '27 April 2015', '1997'"
    )


class DocumentSerializer(DatedSerializer):
    id = serializers.IntegerField(source="public_id", read_only=True)
    url = PageURLField()
    short_url = ShortURLField()
    api_url = ApiURLField()
    issuers = OrganizationRefSerializer(many=True, read_only=True)
    publisher = OrganizationRefSerializer(read_only=True, allow_null=True)
    series = SeriesRefSerializer(read_only=True, allow_null=True)
    areas = AreaRefSerializer(many=True, read_only=True, source="public_areas")
    rights_label = serializers.CharField(source="get_rights_display", read_only=True)
    source_url = OptionalURLField()
    archived_url = OptionalURLField()

    class Meta:
        model = Document
        fields = [
            "id",
            "slug",
            "url",
            "short_url",
            "api_url",
            "kind",
            "title",
            "short_title",
            *DATE_FIELDS,
            "issuers",
            "publisher",
            "reprinted_in",
            "reprint_part",
            "series",
            "edition_label",
            "language",
            "summary",
            "rights",
            "rights_label",
            "text_held",
            "areas",
            "source_url",
            "archived_url",
            "retrieved_on",
            "checksum",
            "status",
            "published_at",
            "updated_at",
        ]


class SectionInDocumentSerializer(serializers.ModelSerializer):
    """A section inside its document's record."""

    url = PageURLField()
    api_url = ApiURLField()
    parent = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    areas = AreaRefSerializer(many=True, read_only=True, source="public_areas")

    class Meta:
        model = Section
        fields = [
            "anchor",
            "label",
            "pinpoint",
            "heading",
            "body",
            "level",
            "order",
            "parent",
            "areas",
            "url",
            "api_url",
        ]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_parent(self, section):
        """The anchor of the enclosing section, or null at the top level."""
        parents = self.context.get("anchors_by_pk")
        if parents is not None:
            return parents.get(section.parent_id)
        return section.parent.anchor if section.parent_id else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_body(self, section):
        """The text; null where the document's rights keep it from the public."""
        return section.body if selectors.text_is_public(section.document) else None


class DocumentDetailSerializer(DocumentSerializer):
    sections = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [
            *DocumentSerializer.Meta.fields,
            "front_matter",
            "source_description",
            "completeness",
            "source_notes",
            "provenance_notes",
            "sections",
        ]

    @extend_schema_field(SectionInDocumentSerializer(many=True))
    def get_sections(self, document):
        sections = selectors.document_sections(document=document, records=True)
        for section in sections:
            section.document = document
        context = {**self.context, "anchors_by_pk": {s.pk: s.anchor for s in sections}}
        return SectionInDocumentSerializer(sections, many=True, context=context).data


class SectionSerializer(SectionInDocumentSerializer):
    document = DocumentRefSerializer(read_only=True)

    class Meta(SectionInDocumentSerializer.Meta):
        fields = ["document", *SectionInDocumentSerializer.Meta.fields]


class AreaSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = ApiURLField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    children = AreaRefSerializer(many=True, read_only=True)

    class Meta:
        model = CooperationArea
        fields = [
            "slug",
            "name",
            "description",
            "tagging_rules",
            "parent",
            "children",
            "url",
            "api_url",
        ]


class OrganizationSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = ApiURLField()
    website = OptionalURLField(source="url")

    class Meta:
        model = Organization
        fields = ["slug", "name", "short_name", "kind", "country", "website", "url", "api_url"]


class SeriesSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = ApiURLField()
    editions = serializers.SerializerMethodField()

    class Meta:
        model = Series
        fields = ["slug", "title", "description", "editions", "url", "api_url"]

    @extend_schema_field(DocumentRefSerializer(many=True))
    def get_editions(self, series):
        """The published editions, oldest first."""
        editions = sorted(series.published_editions, key=lambda d: (d.date, d.pk))
        return DocumentRefSerializer(editions, many=True, context=self.context).data


class OfficialSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    is_anonymous = serializers.BooleanField(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    quote_count = serializers.IntegerField(read_only=True)
    url = PageURLField()
    api_url = ApiURLField()

    class Meta:
        model = Official
        fields = [
            "slug",
            "name",
            "description",
            "label",
            "is_anonymous",
            "role",
            "organization",
            "quote_count",
            "url",
            "api_url",
        ]


class SectionRefSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = ApiURLField()

    class Meta:
        model = Section
        fields = ["anchor", "pinpoint", "url", "api_url"]


class QuoteSerializer(DatedSerializer):
    id = serializers.IntegerField(source="public_id", read_only=True)
    url = PageURLField()
    short_url = ShortURLField()
    api_url = ApiURLField()
    official = OfficialRefSerializer(read_only=True)
    document = DocumentRefSerializer(read_only=True)
    # None while the document it is about is a draft.
    about_document = DocumentRefSerializer(
        source="public_about_document", read_only=True, allow_null=True
    )
    about_section = SectionRefSerializer(
        source="public_about_section", read_only=True, allow_null=True
    )
    areas = AreaRefSerializer(many=True, read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "url",
            "short_url",
            "api_url",
            "text",
            "official",
            "attribution",
            *DATE_FIELDS,
            "context",
            "document",
            "about_document",
            "about_section",
            "areas",
        ]


class EventSerializer(DatedSerializer):
    url = PageURLField()
    api_url = ApiURLField()
    areas = AreaRefSerializer(many=True, read_only=True)
    documents = DocumentRefSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "description",
            *DATE_FIELDS,
            "areas",
            "documents",
            "url",
            "api_url",
        ]


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(selectors.ENTRY_KINDS))
    date = serializers.DateField()
    display_date = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    context = serializers.CharField()
    context_url = serializers.SerializerMethodField()
    areas = AreaRefSerializer(many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, entry):
        return links.absolute_url(self.context.get("request"), entry.url)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_context_url(self, entry):
        if not entry.context_url:
            return None
        return links.absolute_url(self.context.get("request"), entry.context_url)


class TombstoneSerializer(DatedSerializer):
    """What a withdrawn document was, and when and why it went."""

    id = serializers.IntegerField(source="public_id", read_only=True)
    url = PageURLField()

    class Meta:
        model = Document
        fields = [
            "id",
            "slug",
            "url",
            "kind",
            "title",
            *DATE_FIELDS,
            "status",
            "withdrawn_reason",
            "withdrawn_at",
        ]


class ErrorSerializer(serializers.Serializer):
    """Every error: a message, and for a 400 the messages for each parameter at fault."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: the parameters not understood, each with its messages",
    )


class GoneSerializer(serializers.Serializer):
    detail = serializers.CharField()
    tombstone = TombstoneSerializer()


class ChangeSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["published", "corrected", "withdrawn"])
    at = serializers.DateTimeField()
    revision = serializers.IntegerField(source="revision_id")
    reason = serializers.CharField(help_text="Why it was withdrawn; empty otherwise")
    document = DocumentRefSerializer()


def page_of(serializer_class, name):
    """The schema of one page of ``serializer_class`` records behind a cursor."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True, help_text="The next page, or null"),
            "previous": serializers.URLField(
                allow_null=True, help_text="The previous page, or null"
            ),
            "results": serializer_class(many=True),
        },
    )


TimelinePageSerializer = page_of(TimelineEntrySerializer, "TimelinePageSerializer")
ChangePageSerializer = page_of(ChangeSerializer, "ChangePageSerializer")
