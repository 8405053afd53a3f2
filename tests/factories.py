"""Test data builders (factory_boy). Tests build what they need; they do not lean on fixtures."""

import datetime

import factory
from django.utils import timezone

from documents import models


class CooperationAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CooperationArea

    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Area {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    country = models.Country.JAPAN


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Series

    slug = factory.Sequence(lambda n: f"series-{n}")
    title = factory.Sequence(lambda n: f"Series {n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"document-{n}")
    title = factory.Sequence(lambda n: f"Joint Statement {n}")
    kind = models.Document.Kind.JOINT_STATEMENT
    date = datetime.date(2015, 4, 27)
    status = models.Document.Status.PUBLISHED

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        """Tags given to the factory are reviewed ones (what the public sees); pass
        ``areas__status="suggested"`` for suggestions."""
        if create and extracted:
            self.areas.add(*extracted, through_defaults=reviewed_tag(**kwargs))

    @factory.post_generation
    def issuers(self, create, extracted, **kwargs):
        if create and extracted:
            self.issuers.add(*extracted)


def reviewed_tag(status=models.TagStatus.REVIEWED, **kwargs):
    when = timezone.now() if status == models.TagStatus.REVIEWED else None
    return {"status": status, "reviewed_at": when, **kwargs}


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Section
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"{n + 1}.")
    pinpoint = factory.Sequence(lambda n: f"{n + 1}")
    anchor = factory.Sequence(lambda n: f"s{n + 1}")
    heading = factory.Sequence(lambda n: f"Heading {n + 1}")
    body = "Bilateral cooperation will be strengthened.\n\nA second paragraph."

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        """Tags given to the factory are reviewed ones (what the public sees); pass
        ``areas__status="suggested"`` for suggestions."""
        if create and extracted:
            self.areas.add(*extracted, through_defaults=reviewed_tag(**kwargs))


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Official

    slug = factory.Sequence(lambda n: f"official-{n}")
    description = "a senior Pentagon official"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quote
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"Space and cyber {n}")
    official = factory.SubFactory(OfficialFactory)
    attribution = models.Quote.Attribution.ANONYMOUS
    document = factory.SubFactory(DocumentFactory, kind=models.Document.Kind.NEWS_ARTICLE)
    date = datetime.date(2014, 10, 1)
    date_precision = models.DatePrecision.MONTH

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.add(*extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.Sequence(lambda n: f"Event {n}")
    date = datetime.date(2013, 10, 3)
    source_record = "A named public record"
    source_excerpt = "On October 3, 2013, something happened."
