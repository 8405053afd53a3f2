"""The model's constraints reject what they should, on SQLite and PostgreSQL alike."""

import calendar
import datetime
import locale

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents.models import (
    MONTH_NAMES,
    DatePrecision,
    Document,
    Official,
    Quote,
    Section,
    format_partial_date,
)
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    EventFactory,
    OfficialFactory,
    OrganizationFactory,
    QuoteFactory,
    SectionFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


@pytest.mark.parametrize(
    ("date", "precision", "shown"),
    [
        (datetime.date(2015, 4, 27), DatePrecision.DAY, "27 April 2015"),
        (datetime.date(1997, 9, 1), DatePrecision.MONTH, "September 1997"),
        (datetime.date(1978, 1, 1), DatePrecision.YEAR, "1978"),
    ],
)
def test_dates_display_with_their_precision(date, precision, shown):
    assert format_partial_date(date, precision) == shown
    assert DocumentFactory(date=date, date_precision=precision).display_date == shown


def test_month_precision_date_must_be_first_of_month():
    document = DocumentFactory.build(date=datetime.date(1997, 9, 23), date_precision="month")
    with pytest.raises(ValidationError, match="1st day"):
        document.clean()


@pytest.mark.parametrize("factory", [DocumentFactory, QuoteFactory, EventFactory])
def test_a_date_in_the_future_is_refused(factory):
    """A typo such as 9999 sorted first on every timeline and read as real."""
    obj = factory.build(date=datetime.date(9999, 1, 1), date_precision="year")
    with pytest.raises(ValidationError, match="in the future"):
        obj.clean()
    obj.date, obj.date_precision = datetime.date.today(), "day"
    try:
        obj.clean()
    except ValidationError as error:  # (a built object may lack what other checks want)
        assert "future" not in str(error)


def test_year_precision_date_must_be_first_of_january():
    document = DocumentFactory.build(date=datetime.date(1978, 11, 27), date_precision="year")
    with pytest.raises(ValidationError, match="1 January"):
        document.clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "live"), ("kind", "memo"), ("rights", "mine"), ("date_precision", "week")],
)
def test_document_choices_are_enforced_by_the_database(field, value):
    document = DocumentFactory()
    assert_rejected(lambda: Document.objects.filter(pk=document.pk).update(**{field: value}))


def test_withdrawn_document_needs_a_reason():
    document = DocumentFactory()
    assert_rejected(lambda: Document.objects.filter(pk=document.pk).update(status="withdrawn"))
    Document.objects.filter(pk=document.pk).update(status="withdrawn", withdrawn_reason="Duplicate")


def test_document_slug_and_public_id_are_unique():
    first = DocumentFactory()
    assert_rejected(lambda: DocumentFactory(slug=first.slug))
    second = DocumentFactory()
    assert second.public_id == first.public_id + 1
    assert_rejected(lambda: Document.objects.filter(pk=second.pk).update(public_id=first.public_id))


def test_one_edition_label_per_series():
    series = SeriesFactory()
    DocumentFactory(series=series, edition_label="1997")
    assert_rejected(lambda: DocumentFactory(series=series, edition_label="1997"))
    DocumentFactory(series=None, edition_label="")
    DocumentFactory(series=None, edition_label="")


def test_section_anchor_and_order_are_unique_within_a_document():
    section = SectionFactory()
    assert_rejected(lambda: SectionFactory(document=section.document, anchor=section.anchor))
    assert_rejected(lambda: SectionFactory(document=section.document, order=section.order))
    # ... but another document may reuse both.
    SectionFactory(anchor=section.anchor, order=section.order)


def test_section_anchor_cannot_be_empty():
    assert_rejected(lambda: SectionFactory(anchor=""))


def test_section_cannot_be_its_own_parent():
    section = SectionFactory()
    assert_rejected(lambda: Section.objects.filter(pk=section.pk).update(parent=section))


def test_section_parent_must_be_in_the_same_document():
    parent = SectionFactory()
    child = SectionFactory.build(document=DocumentFactory(), parent=parent, order=9, anchor="x")
    with pytest.raises(ValidationError, match="same document"):
        child.clean()


def test_areas_have_two_levels_at_most():
    top = CooperationAreaFactory()
    middle = CooperationAreaFactory(parent=top)
    third = CooperationAreaFactory.build(parent=middle)
    with pytest.raises(ValidationError, match="two levels"):
        third.clean()
    # nor can an area with sub-areas be put under another
    top.parent = CooperationAreaFactory()
    with pytest.raises(ValidationError, match="two levels"):
        top.clean()


def test_official_must_be_named_or_described():
    assert_rejected(lambda: OfficialFactory(name="", description=""))
    assert OfficialFactory(name="", description="a State Department official").is_anonymous
    assert not OfficialFactory(name="Bob Work", description="").is_anonymous


def test_anonymous_official_is_shown_as_reported():
    official = OfficialFactory(name="", description="a senior Pentagon official")
    assert str(official) == "a senior Pentagon official"


def test_quote_attribution_is_enforced():
    quote = QuoteFactory()
    assert_rejected(lambda: Quote.objects.filter(pk=quote.pk).update(attribution="rumour"))


def test_quote_text_cannot_be_empty():
    assert_rejected(lambda: QuoteFactory(text=""))


def test_quote_about_section_must_belong_to_the_document_it_is_about():
    section = SectionFactory()
    quote = QuoteFactory.build(
        official=OfficialFactory(),
        document=DocumentFactory(),
        about_document=DocumentFactory(),
        about_section=section,
    )
    with pytest.raises(ValidationError, match="belong"):
        quote.clean()


def test_organization_country_is_enforced():
    organization = OrganizationFactory()
    from documents.models import Organization

    assert_rejected(lambda: Organization.objects.filter(pk=organization.pk).update(country="XX"))


def test_natural_keys_round_trip():
    section = SectionFactory()
    assert Section.objects.get_by_natural_key(*section.natural_key()) == section
    document = section.document
    assert Document.objects.get_by_natural_key(*document.natural_key()) == document
    official = OfficialFactory()
    assert Official.objects.get_by_natural_key(*official.natural_key()) == official
    quote = QuoteFactory()
    assert Quote.objects.get_by_natural_key(*quote.natural_key()) == quote


def test_every_public_model_has_a_permalink():
    section = SectionFactory()
    quote = QuoteFactory()
    assert section.document.get_absolute_url() == f"/documents/{section.document.slug}/"
    assert section.get_absolute_url() == (
        f"/documents/{section.document.slug}/sections/{section.anchor}/"
    )
    assert quote.get_absolute_url() == f"/quotes/{quote.public_id}/"
    assert quote.official.get_absolute_url() == f"/officials/{quote.official.slug}/"


@pytest.mark.parametrize(
    ("language", "valid"),
    [("en", True), ("ja", True), ("en-US", True), ("English", False), ("", False), ("e n", False)],
)
def test_a_documents_language_is_a_language_tag(language, valid):
    """It goes into the TEI's xml:lang and the citations as it is: "English" was accepted."""
    document = DocumentFactory.build(language=language)
    if valid:
        document.clean()
    else:
        with pytest.raises(ValidationError, match="language tag"):
            document.clean()


def test_slugs_are_lower_case():
    with pytest.raises(ValidationError, match="lower case"):
        DocumentFactory.build(slug="Guidelines-2015").clean()


@pytest.mark.parametrize("kind", [value for value, _label in Document.Kind.choices])
def test_a_documents_kind_reads_as_djangos_display_gives_it(kind):
    document = Document(kind=kind)
    field = Document._meta.get_field("kind")
    assert document.get_kind_display() == document._get_FIELD_display(field)
    assert document.get_kind_display() == Document.Kind(kind).label


def test_an_unknown_kind_reads_as_itself_as_in_django():
    document = Document(kind="pamphlet")
    field = Document._meta.get_field("kind")
    assert document.get_kind_display() == document._get_FIELD_display(field) == "pamphlet"


def test_month_names_are_english_as_the_calendar_gives_them_in_the_c_locale():
    assert locale.setlocale(locale.LC_TIME) in {"C", "C.UTF-8", "POSIX"}
    assert list(MONTH_NAMES) == list(calendar.month_name)
    assert format_partial_date(datetime.date(1997, 9, 1), DatePrecision.MONTH) == "September 1997"
