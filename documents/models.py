"""The archive's data model.

Documents are split into hierarchical sections; documents, sections, quotes and events are
tagged with cooperation areas, which is what the area pages and timelines are built from.
Every model has a natural key (slugs, or a stable public id), so the fixtures in
``fixtures/`` never depend on auto-increment ids.
"""

import datetime
import re
from html import unescape
from pathlib import Path

import nh3
import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from documents.reversing import reverse


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# The archive writes in English whatever the server's locale (calendar.month_name follows the
# locale, and asked strftime for the name on every use).
MONTH_NAMES = (
    *("", "January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


def format_partial_date(value, precision):
    """'27 April 2015', 'September 1997' or '1997', as far as the date is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTH_NAMES[value.month]} {value.year}"
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"


class PartialDateModel(models.Model):
    """A date known to the day, the month or the year.

    The date is stored as the first day of the period it names ("September 1997" is
    1997-09-01 with month precision), so dates sort and filter naturally.
    """

    date = models.DateField(help_text="For a month or a year, the first day of it.")
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    class Meta:
        abstract = True

    @property
    def display_date(self):
        return format_partial_date(self.date, self.date_precision)

    def clean(self):
        super().clean()
        if self.date is None:
            return
        # A day's slack: "today" in Tokyo is tomorrow for a server on UTC until 09:00.
        if self.date > timezone.localdate() + datetime.timedelta(days=1):
            # A typo such as 9999 or 2205 sorted first on every timeline, and read as real.
            raise ValidationError(
                {"date": "This date is in the future: the archive records what has happened."}
            )
        if self.date_precision == DatePrecision.MONTH and self.date.day != 1:
            raise ValidationError({"date": "A date known to the month is stored as its 1st day."})
        if self.date_precision == DatePrecision.YEAR and (self.date.month, self.date.day) != (1, 1):
            raise ValidationError({"date": "A date known to the year is stored as 1 January."})


def precision_constraint(model_name):
    return models.CheckConstraint(
        condition=Q(date_precision__in=DatePrecision.values),
        name=f"{model_name}_date_precision_valid",
    )


# --- Taxonomy and people ------------------------------------------------------------------


class CatalogueQuerySet(models.QuerySet):
    def public(self):
        """Areas, organizations, series, officials and events are public as soon as an editor
        enters them: they carry no text of their own. (The documents they list are filtered
        by ``DocumentQuerySet.published()``.)"""
        return self.all()


class SlugManager(models.Manager.from_queryset(CatalogueQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CooperationArea(TimeStampedModel):
    """A field of cooperation researchers browse by, in at most two levels."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(
        blank=True, help_text="What the area covers, for readers: shown on its page and in lists."
    )
    tagging_rules = models.TextField(
        blank=True,
        default="",
        help_text="How texts are tagged with it: when the parent rather than a sub-area, what "
        "a section takes by its place, what does not count. The curators' rule, shown on the "
        "area's page under its own heading, apart from the description.",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="area_not_its_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Keeps every slug the area had as an alias (see Document.save): area pages are cited."""
        update_fields = kwargs.get("update_fields")
        old_slug = None
        if self.pk and (update_fields is None or "slug" in update_fields):
            old_slug = (
                CooperationArea.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            )
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            AreaAlias.objects.update_or_create(slug=old_slug, defaults={"area": self})
        AreaAlias.objects.filter(slug=self.slug).delete()

    def get_absolute_url(self):
        return reverse("documents:area-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "Areas have two levels: a parent cannot have one."})
        if self.parent_id and self.pk and CooperationArea.objects.filter(parent=self.pk).exists():
            raise ValidationError(
                {"parent": "Areas have two levels: an area with sub-areas cannot have a parent."}
            )
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "An area cannot be its own parent."})
        if self.slug != self.slug.lower():
            raise ValidationError({"slug": "Addresses are lower case: write it so."})
        taken = AreaAlias.objects.filter(slug=self.slug).exclude(area=self.pk)
        if self.slug and (alias := taken.select_related("area").first()):
            raise ValidationError(
                {
                    "slug": f"This was the address of the area “{alias.area}”, and cited links to "
                    "it still lead there: choose another slug."
                }
            )


class Country(models.TextChoices):
    JAPAN = "JP", "Japan"
    UNITED_STATES = "US", "United States"
    BILATERAL = "JP-US", "Japan and the United States"
    OTHER = "other", "Other"


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", "Government"
    MINISTRY = "ministry", "Ministry or department"
    COMMITTEE = "committee", "Bilateral committee"
    PUBLISHER = "publisher", "Publisher"
    OTHER = "other", "Other"


class Organization(TimeStampedModel):
    """An issuer, agency or publisher."""

    Kind = OrganizationKind

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(
        max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.GOVERNMENT
    )
    country = models.CharField(max_length=5, choices=Country.choices, blank=True)
    url = models.URLField(blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(country__in=[*Country.values, ""]),
                name="organization_country_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("documents:organization-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Series(TimeStampedModel):
    """A work with editions, e.g. the Guidelines for U.S.-Japan Defense Cooperation."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:series-detail", kwargs={"slug": self.slug})

    # --- Documents and sections ---------------------------------------------------------------

    def natural_key(self):
        return (self.slug,)


class TagStatus(models.TextChoices):
    REVIEWED = "reviewed", "Reviewed"
    SUGGESTED = "suggested", "Suggested"


# The one rule for public reads of area tags: pages, feeds, search and the timelines show a
# section's or document's *reviewed* tags only. Suggestions are for the admin.
REVIEWED_AREAS_ATTR = "reviewed_area_tags"


def reviewed_tag_filter(areas=None):
    """A filter on sections or documents: a reviewed tag among ``areas`` (any when None)."""
    condition = Q(area_tags__status=TagStatus.REVIEWED)
    if isinstance(areas, models.QuerySet):
        condition &= Q(area_tags__area__in=areas)  # a subquery, not a read of its own
    elif areas is not None:
        ids = [getattr(area, "pk", area) for area in areas]
        condition &= Q(area_tags__area__in=ids)
    return condition


def reviewed_areas(model, prefix=""):
    """The prefetch that gives each ``model`` object (a Section or Document, reached through
    ``prefix``) its reviewed areas as ``public_areas``, in one query for the lot."""
    tags = model.area_tags.rel.related_model.objects.filter(status=TagStatus.REVIEWED)
    return models.Prefetch(
        f"{prefix}area_tags",
        queryset=tags.select_related("area").order_by("area__name"),
        to_attr=REVIEWED_AREAS_ATTR,
    )


class PublicAreasMixin:
    @property
    def public_areas(self):
        """The reviewed areas, by name (from ``reviewed_areas`` when prefetched)."""
        tags = getattr(self, REVIEWED_AREAS_ATTR, None)
        if tags is None:
            tags = self.area_tags.filter(status=TagStatus.REVIEWED).select_related("area")
            tags = sorted(tags, key=lambda tag: tag.area.name)
        return [tag.area for tag in tags]


class DocumentKind(models.TextChoices):
    TREATY = "treaty", "Treaty"
    GUIDELINES = "guidelines", "Guidelines"
    INTERIM_REPORT = "interim-report", "Interim report"
    JOINT_STATEMENT = "joint-statement", "Joint statement"
    JOINT_DECLARATION = "joint-declaration", "Joint declaration"
    REPORT = "report", "Report"
    FACT_SHEET = "fact-sheet", "Fact sheet"
    SPEECH = "speech", "Speech"
    PRESS_BRIEFING = "press-briefing", "Press briefing"
    NEWS_ARTICLE = "news-article", "News article"


KIND_PLURALS = {
    DocumentKind.TREATY: "treaties",
    DocumentKind.GUIDELINES: "guidelines",
    DocumentKind.INTERIM_REPORT: "interim reports",
    DocumentKind.JOINT_STATEMENT: "joint statements",
    DocumentKind.JOINT_DECLARATION: "joint declarations",
    DocumentKind.REPORT: "reports",
    DocumentKind.FACT_SHEET: "fact sheets",
    DocumentKind.SPEECH: "speeches",
    DocumentKind.PRESS_BRIEFING: "press briefings",
    DocumentKind.NEWS_ARTICLE: "news articles",
}


KIND_LABELS = dict(DocumentKind.choices)


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DocumentRights(models.TextChoices):
    """Under what terms the copy the archive holds may be reused (issue 9, item 4)."""

    US_GOVERNMENT_WORK = "us-government-work", "U.S. government work: public domain"
    JAPAN_TERMS_OF_USE = (
        "japan-terms-of-use-2.0",
        "Government of Japan Standard Terms of Use (Ver. 2.0)",
    )
    TREATY_TEXT = "treaty-text", "Treaty text: not protected by copyright"
    COPYRIGHTED = "copyrighted", "Copyrighted: passages quoted for research"


# What each rights value means for a reader, in plain words (shown on the document page).
RIGHTS_STATEMENTS = {
    DocumentRights.US_GOVERNMENT_WORK: (
        "A work of the United States Government, in the public domain in the United States "
        "(17 U.S.C. §105): it may be copied and reused freely."
    ),
    DocumentRights.JAPAN_TERMS_OF_USE: (
        "A Japanese government edition, published under the Government of Japan Standard "
        "Terms of Use (Ver. 2.0): it may be copied, adapted and reused, commercially too, if "
        "the source is credited and changes are marked as such; the terms are compatible "
        "with the Creative Commons Attribution 4.0 International licence (CC BY 4.0). "
        "Credit it as below."
    ),
    DocumentRights.TREATY_TEXT: (
        "The text of a treaty: not protected by copyright (Copyright Act of Japan, "
        "article 13). The copy held is a reprint, credited below."
    ),
    DocumentRights.COPYRIGHTED: (
        "Protected by copyright, which belongs to its publisher. The archive keeps the "
        "bibliographic record and quotes, in their sentences, the passages research needs; "
        "it does not republish the text."
    ),
}
# Rights that oblige a user to credit the source: these need an attribution line.
RIGHTS_NEEDING_ATTRIBUTION = [
    DocumentRights.JAPAN_TERMS_OF_USE,
    DocumentRights.TREATY_TEXT,
    DocumentRights.COPYRIGHTED,
]


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Listed, searched, counted: published documents only."""
        return self.filter(status=DocumentStatus.PUBLISHED)

    def public(self):
        """What a public URL may show: published, or withdrawn (as a tombstone)."""
        return self.exclude(status=DocumentStatus.DRAFT)

    def for_listing(self):
        return self.select_related("series", "publisher").prefetch_related(
            "issuers", reviewed_areas(Document)
        )

    def for_list_items(self):
        """Only the fields a list item shows (the ``document_item`` tag,
        documents/templatetags/archive.py): a page of the document list builds 25 small rows,
        without the long texts, series, issuers or areas it never shows."""
        return self.only("slug", "title", "kind", "date", "date_precision", "text_held")

    def tagged(self, areas=None):
        """Documents with a reviewed tag among ``areas`` (any reviewed tag when None)."""
        return self.filter(reviewed_tag_filter(areas)).distinct()

    def about(self, areas):
        """Documents about ``areas``, as the area pages and the timeline count them: tagged
        with one themselves, or holding a section the public may read that is (the 2015
        Guidelines are about space by their chapter VI, not by a tag of the whole)."""
        tagged = Document.objects.filter(reviewed_tag_filter(areas)).values("pk")
        sections = Section.objects.text_public().filter(reviewed_tag_filter(areas))
        return self.filter(Q(pk__in=tagged) | Q(pk__in=sections.values("document_id")))

    def text_public(self):
        """Documents whose text the public may read (the rest show their record only)."""
        return self.exclude(rights=DocumentRights.COPYRIGHTED)


class DocumentManager(models.Manager.from_queryset(DocumentQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


# Every change to a document, its sections and quotes is kept as a revision (django-reversion).
# A revision that touches a document or any of its sections holds all of them, so a revision
# id pins the exact text of the whole document: the "cite this version" links use it.
@reversion.register(follow=["sections"], ignore_duplicates=True)
class Document(PublicAreasMixin, PartialDateModel, TimeStampedModel):
    Kind = DocumentKind

    Status = DocumentStatus

    Rights = DocumentRights

    public_id = models.PositiveIntegerField(
        unique=True, editable=False, help_text="Never changes; used by the short link /d/<id>."
    )
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=400)
    short_title = models.CharField(max_length=120, blank=True)
    issuers = models.ManyToManyField(Organization, blank=True, related_name="issued_documents")
    publisher = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_documents",
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    edition_label = models.CharField(max_length=60, blank=True)
    language = models.CharField(max_length=10, default="en")
    summary = models.TextField(
        blank=True, help_text="A few sentences; may use <em>, <strong>, <cite>, <q> and links."
    )
    # The summary's words without its markup, kept on every save (``summary_words``, also for
    # a fixture's or a revert's raw save): what the search index holds, so that a link's
    # address or a tag's name is not a word of the document.
    summary_text = models.TextField(blank=True, editable=False, serialize=False)
    rights = models.CharField(
        max_length=30,
        choices=DocumentRights.choices,
        default=DocumentRights.US_GOVERNMENT_WORK,
        blank=True,
        help_text="The terms of the copy held. Empty only for a record whose text is not held.",
    )
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text="The credit line the rights call for: the ministry and the page or "
        "publication the copy comes from, and that it was edited; for copyrighted text, "
        "the publisher and the work.",
    )
    text_held = models.BooleanField(
        default=True, help_text="Off for a metadata-only record whose text the archive lacks."
    )
    front_matter = models.TextField(
        blank=True, help_text="The lines printed before the first section (title, date line)."
    )
    # Provenance: where the text came from and how complete it is.
    source_url = models.URLField(max_length=500, blank=True)
    archived_url = models.URLField(max_length=500, blank=True)
    source_description = models.TextField(blank=True)
    # A copy printed in a later publication (a white paper's appendix): the document is still
    # cited by its issuers and date, and "reprinted in" that publication by ``publisher``,
    # never as if the later publisher had issued it on the document's date.
    reprinted_in = models.CharField(
        max_length=200,
        blank=True,
        help_text="When the copy held is a reprint in a later publication: that publication's "
        "title, as it names itself (e.g. “Defense of Japan 2016”); its publisher is the "
        "document's publisher. Citations then say “reprinted in …” instead of giving the "
        "later publisher as if it had issued the document on its date.",
    )
    reprint_part = models.CharField(
        max_length=60,
        blank=True,
        help_text="Where in that publication (e.g. “Reference 36”, “Fig. III-2-3-4”).",
    )
    completeness = models.TextField(blank=True)
    source_notes = models.TextField(
        blank=True,
        default="",
        help_text="How this copy was made from its source, for readers: what was removed, "
        "repaired or restored, what is kept as printed, which witnesses were compared (the "
        "changes a credit line's 'edited for this archive' refers to). Shown with the source "
        "on the document's page.",
    )
    retrieved_on = models.DateField(null=True, blank=True)
    checksum = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the text as received."
    )
    provenance_notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    withdrawn_reason = models.TextField(blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the document was first published here."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    areas = models.ManyToManyField(
        CooperationArea, blank=True, related_name="documents", through="DocumentArea"
    )

    objects = DocumentManager()

    class Meta:
        ordering = ["date", "title"]
        permissions = [("publish_document", "Can publish and withdraw documents")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="document_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(rights__in=DocumentRights.values) | Q(rights="", text_held=False),
                name="document_rights_valid",
            ),
            models.CheckConstraint(
                condition=~Q(rights__in=RIGHTS_NEEDING_ATTRIBUTION) | ~Q(attribution=""),
                name="document_rights_attributed",
            ),
            precision_constraint("document"),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="document_withdrawal_has_reason",
            ),
            models.UniqueConstraint(
                fields=["series", "edition_label"],
                condition=Q(series__isnull=False),
                name="document_unique_edition_in_series",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "date"], name="document_status_date"),
            # Public search leaves out the section text of these few documents
            # (``SearchEntry.objects.public()``): every search reads their ids, from this
            # index instead of the whole table (1 ms of a rare word's search at 4,000
            # documents).
            models.Index(
                fields=["id"],
                condition=Q(rights=DocumentRights.COPYRIGHTED),
                name="document_text_restricted",
            ),
        ]

    def __str__(self):
        return self.short_title or self.title

    def save(self, *args, **kwargs):
        """Assigns the public id once, and keeps every slug the document had as an alias,
        so a URL that was ever published keeps answering (301 to the current one)."""
        if self.public_id is None:
            self.public_id = next_public_id(Document)
        self.summary = sanitize_summary(self.summary)
        if self.status == DocumentStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        old_slug = None
        if self.pk and (update_fields is None or "slug" in update_fields):
            old_slug = Document.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        # Only an address that was public is kept: a draft's passing slugs never were.
        was_public = self.published_at is not None or self.status != DocumentStatus.DRAFT
        if old_slug and old_slug != self.slug and was_public:
            DocumentAlias.objects.update_or_create(slug=old_slug, defaults={"document": self})
        DocumentAlias.objects.filter(slug=self.slug).delete()

    def get_absolute_url(self):
        return reverse("documents:document-detail", kwargs={"slug": self.slug})

    def get_kind_display(self):
        """The kind's label, as Django's would give it, without Django's rebuilding a dict of
        every label on each call (a list asked it once a line)."""
        return KIND_LABELS.get(self.kind, self.kind)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def text_is_public(self):
        """Whether the public may read the text (copyrighted text is held for staff only)."""
        return self.rights != DocumentRights.COPYRIGHTED

    @property
    def rights_statement(self):
        return RIGHTS_STATEMENTS.get(self.rights, "")

    def clean(self):
        super().clean()
        if self.status == self.Status.WITHDRAWN and not self.withdrawn_reason.strip():
            raise ValidationError({"withdrawn_reason": "Say why the document was withdrawn."})
        if self.edition_label and not self.series_id:
            raise ValidationError({"edition_label": "An edition label needs a series."})
        if not self.rights and self.text_held:
            raise ValidationError({"rights": "Say under what terms the text held may be reused."})
        if self.rights in RIGHTS_NEEDING_ATTRIBUTION and not self.attribution.strip():
            raise ValidationError(
                {"attribution": "These rights require a credit line: name the source."}
            )
        if self.reprinted_in.strip() and not self.publisher_id:
            raise ValidationError(
                {"publisher": "A reprint needs its publisher: who printed the publication named."}
            )
        if self.reprint_part.strip() and not self.reprinted_in.strip():
            raise ValidationError(
                {"reprinted_in": "Name the publication the copy was reprinted in."}
            )
        if self.slug != self.slug.lower():
            raise ValidationError({"slug": "Addresses are lower case: write it so."})
        taken = DocumentAlias.objects.filter(slug=self.slug).exclude(document=self.pk)
        if self.slug and (alias := taken.select_related("document").first()):
            # The forms refuse it; a program that saves anyway retires the alias (save()).
            raise ValidationError(
                {
                    "slug": f"This was the address of “{alias.document}”, and cited links to it "
                    "still lead there: choose another slug."
                }
            )
        if not LANGUAGE_TAG.fullmatch(self.language or ""):
            # It goes into the TEI's xml:lang and the citations' "language" as it is.
            raise ValidationError(
                {"language": "A language tag such as “en” or “ja” (BCP 47), not a name."}
            )


SUMMARY_TAGS = {"p", "br", "em", "strong", "i", "b", "cite", "q", "a"}
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def summary_words(html):
    """The text of a (sanitized) summary: tags removed, entities read ("&amp;" → "&")."""
    return unescape(strip_tags(html or ""))


def keep_summary_text(sender, instance, **kwargs):
    """``pre_save`` receiver (documents/apps.py): a document's ``summary_text`` follows its
    summary, whatever saves it (the admin, an import, a fixture, a History revert)."""
    instance.summary_text = summary_words(instance.summary)


def sanitize_summary(html):
    """A summary may hold a little markup (emphasis, citations, links); anything else —
    scripts, styles, event handlers, javascript: links — is removed."""
    return nh3.clean(
        html or "",
        tags=SUMMARY_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def next_public_id(model):
    latest = model.objects.aggregate(models.Max("public_id"))["public_id__max"]
    return (latest or 0) + 1


class SectionQuerySet(models.QuerySet):
    def published(self):
        """Listed and searched: sections of published documents."""
        return self.filter(document__status=DocumentStatus.PUBLISHED)

    def tagged(self, areas=None):
        """Sections with a reviewed tag among ``areas`` (any reviewed tag when None)."""
        return self.filter(reviewed_tag_filter(areas)).distinct()

    def public(self):
        """What a public URL may resolve: a withdrawn document's sections answer 410."""
        return self.exclude(document__status=DocumentStatus.DRAFT)

    def text_public(self):
        """The one visibility rule for section text: the public never reads the text of a
        copyrighted document (the archive holds it for staff; the public sees the record and
        the quoted passages). Every public read of section text goes through this (the API's
        section records, ``selectors.section_records``, withhold the body instead)."""
        return self.exclude(document__rights=DocumentRights.COPYRIGHTED)

    def published_text(self):
        """Sections a public list, feed or index may show: published() and text_public()."""
        return self.published().text_public()


class SectionManager(models.Manager.from_queryset(SectionQuerySet)):
    def get_by_natural_key(self, anchor, document_slug):
        return self.get(anchor=anchor, document__slug=document_slug)


# Pinpoints that name their own unit ("Article 5", "Annex", "¶3"): not written "Section …"
# (a whole word: "Partnership" is not a Part).
NAMED_UNIT_RE = re.compile(r"(?:Article|Annex|Chapter|Part|Paragraph)\b|¶")


def pinpoint_name(pinpoint):
    """How pages and citations name a section by its pinpoint: "Section IV.B.2", but "Article
    5" and "¶3" as printed ("Section ¶3" said the unit twice)."""
    return pinpoint if NAMED_UNIT_RE.match(pinpoint) else f"Section {pinpoint}"


def section_title(pinpoint, label, heading, body):
    """How a section names itself: its pinpoint and heading, or the opening words of its body
    (only the first eight words of ``body`` matter)."""
    if heading and not label:
        return heading  # an unnumbered heading is its own pinpoint
    if heading:
        return f"{pinpoint} {heading}"
    words = body.split(maxsplit=8)
    opening = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return f"{pinpoint}: {opening}" if opening else pinpoint


@reversion.register(follow=["document"], ignore_duplicates=True)
class Section(PublicAreasMixin, TimeStampedModel):
    """One numbered (or headed) part of a document, as printed.

    ``label`` is the numbering as printed at that place ("2."); ``pinpoint`` is the full path
    a citation uses ("IV.A.2"); ``anchor`` is derived from the pinpoint once, when the section
    is first imported, and never regenerated, so ``#s-<anchor>`` links keep working.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=40, blank=True)
    pinpoint = models.CharField(max_length=120)
    heading = models.CharField(max_length=400, blank=True)
    body = models.TextField(blank=True)
    anchor = models.SlugField(max_length=120)
    areas = models.ManyToManyField(
        CooperationArea, blank=True, related_name="sections", through="SectionArea"
    )

    objects = SectionManager()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"], name="section_unique_anchor"),
            models.UniqueConstraint(fields=["document", "order"], name="section_unique_order"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="section_not_its_own_parent"
            ),
            models.CheckConstraint(condition=~Q(anchor=""), name="section_anchor_not_empty"),
        ]

    def __str__(self):
        return section_title(self.pinpoint, self.label, self.heading, self.body)

    def save(self, *args, **kwargs):
        """Keeps every anchor the section had as an alias (see Document.save)."""
        update_fields = kwargs.get("update_fields")
        old_anchor = None
        if self.pk and (update_fields is None or "anchor" in update_fields):
            old_anchor = Section.objects.filter(pk=self.pk).values_list("anchor", flat=True).first()
        super().save(*args, **kwargs)
        if old_anchor and old_anchor != self.anchor:
            SectionAlias.objects.update_or_create(
                document_id=self.document_id, anchor=old_anchor, defaults={"section": self}
            )
        SectionAlias.objects.filter(document_id=self.document_id, anchor=self.anchor).delete()

    def get_absolute_url(self):
        return reverse(
            "documents:section-detail",
            kwargs={"slug": self.document.slug, "anchor": self.anchor},
        )

    def natural_key(self):
        return (self.anchor, *self.document.natural_key())

    natural_key.dependencies = ["documents.document"]

    @property
    def fragment(self):
        return f"s-{self.anchor}"

    @property
    def cited_name(self):
        """How pages and citations name the section: "Section IV.B.2", "Article 5", "¶3", or,
        for a section whose only name is its heading, the heading in quotation marks."""
        if self.heading and not self.label:
            return f"Section “{self.heading.rstrip(':').strip()}”"
        return pinpoint_name(self.pinpoint)

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.document_id != self.document_id:
            raise ValidationError({"parent": "A parent section must be in the same document."})


# --- Area tags: reviewed by a person, or suggested by the keyword pass --------------------


class AreaTagQuerySet(models.QuerySet):
    def reviewed(self):
        return self.filter(status=TagStatus.REVIEWED)

    def suggested(self):
        return self.filter(status=TagStatus.SUGGESTED)


class AreaTag(models.Model):
    """A cooperation area on a section or document, with its review: a tag is *suggested*
    (by the keyword pass, or carried over from before reviews were recorded) until a person
    reads the text and accepts it, which makes it *reviewed* (who, when). The words that
    suggested it are kept in ``trigger`` so the reviewer sees why."""

    Status = TagStatus

    area = models.ForeignKey(
        CooperationArea, on_delete=models.CASCADE, db_column="cooperationarea_id"
    )
    status = models.CharField(max_length=10, choices=TagStatus.choices, default=TagStatus.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(
        max_length=300, blank=True, help_text="The words in the text that suggested the area."
    )

    objects = AreaTagQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.area} ({self.get_status_display().lower()})"

    def clean(self):
        super().clean()
        if self.status == TagStatus.REVIEWED and self.reviewed_at is None:
            raise ValidationError({"reviewed_at": "A reviewed tag says when it was reviewed."})


class SectionAreaManager(models.Manager.from_queryset(AreaTagQuerySet)):
    def get_by_natural_key(self, anchor, document_slug, area_slug):
        return self.get(
            section__anchor=anchor, section__document__slug=document_slug, area__slug=area_slug
        )


class SectionArea(AreaTag):
    # The table and columns of the plain many-to-many this replaced (migration 0006).
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="area_tags")
    area = models.ForeignKey(
        CooperationArea,
        on_delete=models.CASCADE,
        db_column="cooperationarea_id",
        related_name="section_tags",
    )

    objects = SectionAreaManager()

    class Meta:
        db_table = "documents_section_areas"
        ordering = ["section", "area__name"]
        verbose_name = "section area tag"
        constraints = [
            models.UniqueConstraint(fields=["section", "area"], name="section_area_unique"),
            models.CheckConstraint(
                condition=Q(status__in=TagStatus.values), name="section_area_status_valid"
            ),
        ]

    def natural_key(self):
        return (*self.section.natural_key(), self.area.slug)

    natural_key.dependencies = ["documents.section", "documents.cooperationarea"]


class DocumentAreaManager(models.Manager.from_queryset(AreaTagQuerySet)):
    def get_by_natural_key(self, document_slug, area_slug):
        return self.get(document__slug=document_slug, area__slug=area_slug)


class DocumentArea(AreaTag):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="area_tags")
    area = models.ForeignKey(
        CooperationArea,
        on_delete=models.CASCADE,
        db_column="cooperationarea_id",
        related_name="document_tags",
    )

    objects = DocumentAreaManager()

    class Meta:
        db_table = "documents_document_areas"
        ordering = ["document", "area__name"]
        verbose_name = "document area tag"
        constraints = [
            models.UniqueConstraint(fields=["document", "area"], name="document_area_unique"),
            models.CheckConstraint(
                condition=Q(status__in=TagStatus.values), name="document_area_status_valid"
            ),
        ]

    def natural_key(self):
        return (self.document.slug, self.area.slug)

    natural_key.dependencies = ["documents.document", "documents.cooperationarea"]


# --- Officials, quotes and events ---------------------------------------------------------


class OfficialQuerySet(CatalogueQuerySet):
    def quoted(self):
        """Officials with a quote in a published document (search's "Official quoted")."""
        published = Quote.objects.published().filter(official=models.OuterRef("pk"))
        return self.filter(models.Exists(published))

    def public(self):
        """Officials the public sees: quoted in a published document, or recorded with no
        quote outside drafts (a person the documents mention). One whose quotes all went with
        withdrawn documents is left out. Drafts change nothing here: a quote added to a
        draft made an official's public page answer 404 until the draft was published."""
        published = Quote.objects.published().filter(official=models.OuterRef("pk"))
        outside_drafts = Quote.objects.filter(official=models.OuterRef("pk")).exclude(
            document__status=DocumentStatus.DRAFT
        )
        return self.filter(models.Exists(published) | ~models.Exists(outside_drafts))


class OfficialManager(SlugManager.from_queryset(OfficialQuerySet)):
    pass


class Official(TimeStampedModel):
    """A speaker as reported: named, or anonymous and described ("a senior Pentagon official")."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200, blank=True, help_text="Empty for an anonymous source.")
    description = models.CharField(
        max_length=300, blank=True, help_text="As reported, e.g. 'a senior Pentagon official'."
    )
    role = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="officials"
    )

    objects = OfficialManager()

    class Meta:
        ordering = ["name", "description"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(description=""),
                name="official_named_or_described",
            ),
        ]

    def __str__(self):
        return self.name or self.description

    def get_absolute_url(self):
        return reverse("documents:official-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_anonymous(self):
        return not self.name


class Attribution(models.TextChoices):
    ON_THE_RECORD = "on-the-record", "On the record"
    ANONYMOUS = "anonymous", "Anonymous"
    BACKGROUND = "background", "On background"


class AttributionBasis(models.TextChoices):
    """How the archive knows who said a quote (issue 9, item 5)."""

    STATED = "stated", "Speaker stated in the sentence"
    INFERRED = "inferred", "Speaker inferred from context"


class QuoteQuerySet(models.QuerySet):
    def published(self):
        """Listed and searched: quotes recorded in published documents."""
        return self.filter(document__status=DocumentStatus.PUBLISHED)

    def public(self):
        """What a public URL may resolve: a quote in a withdrawn document answers 410."""
        return self.exclude(document__status=DocumentStatus.DRAFT)


class QuoteManager(models.Manager.from_queryset(QuoteQuerySet)):
    def get_by_natural_key(self, public_id):
        return self.get(public_id=public_id)


@reversion.register(ignore_duplicates=True)
class Quote(PartialDateModel, TimeStampedModel):
    """Words an official said, as recorded in a document (usually a news article)."""

    Attribution = Attribution
    Basis = AttributionBasis

    public_id = models.PositiveIntegerField(
        unique=True, editable=False, help_text="Never changes; used by /quotes/<id>/ and /q/<id>."
    )
    text = models.TextField(help_text="Verbatim, as it appears in the document.")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="quotes")
    attribution = models.CharField(max_length=20, choices=Attribution.choices)
    attribution_basis = models.CharField(
        max_length=10,
        choices=AttributionBasis.choices,
        default=AttributionBasis.STATED,
        help_text="Whether the sentence names the speaker, or the speaker is inferred from the "
        "sentences around it.",
    )
    attribution_note = models.TextField(
        blank=True,
        help_text="For an inferred speaker: what in the text the inference rests on.",
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="quotes",
        help_text="The document the quote appears in.",
    )
    about_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes_about",
        help_text="The document the quote is about, if any.",
    )
    about_section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes_about",
        help_text="The section the quote is about, if any.",
    )
    context = models.TextField(blank=True, help_text="Venue and circumstances, as reported.")
    areas = models.ManyToManyField(CooperationArea, blank=True, related_name="quotes")

    objects = QuoteManager()

    class Meta:
        ordering = ["date", "public_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attribution__in=Attribution.values), name="quote_attribution_valid"
            ),
            models.CheckConstraint(
                condition=Q(attribution_basis__in=AttributionBasis.values),
                name="quote_attribution_basis_valid",
            ),
            models.CheckConstraint(
                condition=~Q(attribution_basis="inferred") | ~Q(attribution_note=""),
                name="quote_inference_explained",
            ),
            precision_constraint("quote"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"“{text}”"

    def save(self, *args, **kwargs):
        if self.public_id is None:
            self.public_id = next_public_id(Quote)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:quote-detail", kwargs={"public_id": self.public_id})

    def natural_key(self):
        return (self.public_id,)

    @property
    def public_about_document(self):
        """The document the quote is about, as the public may see it: none while that
        document is a draft (its title and address are not public yet)."""
        about = self.about_document
        return about if about is not None and about.status != DocumentStatus.DRAFT else None

    @property
    def public_about_section(self):
        """The section the quote is about, as the public may see it (see above)."""
        about = self.about_section
        if about is None or about.document.status == DocumentStatus.DRAFT:
            return None
        return about

    def clean(self):
        super().clean()
        if (
            self.about_section_id
            and self.about_document_id
            and self.about_section.document_id != self.about_document_id
        ):
            raise ValidationError(
                {"about_section": "The section must belong to the document it is about."}
            )
        if self.attribution_basis == AttributionBasis.INFERRED and not self.attribution_note:
            raise ValidationError(
                {"attribution_note": "Say what in the text the speaker is inferred from."}
            )


class Event(PartialDateModel, TimeStampedModel):
    """A dated milestone that no document records on its own."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="events")
    areas = models.ManyToManyField(CooperationArea, blank=True, related_name="events")
    # Where the date comes from: a document in the archive, or a named public record; and the
    # source's own words that give the date. An event whose date no source confirms is not kept.
    source_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dated_events",
        help_text="The archive's document whose text gives the date.",
    )
    source_record = models.CharField(
        max_length=300,
        blank=True,
        help_text="A named public record giving the date, when it is not in the archive.",
    )
    source_excerpt = models.TextField(
        blank=True, help_text="The source's words that give the date, verbatim."
    )

    objects = SlugManager()

    class Meta:
        ordering = ["date", "title"]
        constraints = [precision_constraint("event")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:event-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if not self.source_document_id and not self.source_record.strip():
            raise ValidationError(
                {"source_record": "Say where the date comes from: a document or a named record."}
            )
        if not self.source_excerpt.strip():
            raise ValidationError({"source_excerpt": "Quote the words that give the date."})
        source = self.source_document if self.source_document_id else None
        if source is not None and source.text_held and source.sections.exists():
            # The excerpt is the source's own words ("…" may join passages of it).
            parts = [source.front_matter]
            for label, heading, body in source.sections.values_list("label", "heading", "body"):
                parts += [label, heading, body]
            text = " ".join(" ".join(parts).split())
            for passage in re.split(r"\s*…\s*", self.source_excerpt):
                passage = " ".join(passage.split())
                if passage and passage not in text:
                    raise ValidationError(
                        {
                            "source_excerpt": f"“{Truncator(passage).words(12)}” is not in the "
                            f"text of “{source}”: quote it as the archive holds it."
                        }
                    )


# --- Permalinks that outlive renames ------------------------------------------------------


class DocumentAlias(models.Model):
    """A slug a document used to have. Its old URLs answer 301 to the current ones; a chain of
    renames collapses, since every alias points at the document, not at the next slug."""

    slug = models.SlugField(max_length=120, unique=True)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="aliases")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "document aliases"

    def __str__(self):
        return f"{self.slug} → {self.document.slug}"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["documents.document"]


class AreaAlias(models.Model):
    """A slug a cooperation area used to have, or the slug of an area the taxonomy folded into
    another: ``/areas/<old slug>/`` answers 301 to its successor's page."""

    slug = models.SlugField(max_length=80, unique=True)
    area = models.ForeignKey(CooperationArea, on_delete=models.CASCADE, related_name="aliases")
    note = models.CharField(max_length=300, blank=True, help_text="Why the area moved.")

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "area aliases"

    def __str__(self):
        return f"{self.slug} → {self.area.slug}"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["documents.cooperationarea"]

    def clean(self):
        super().clean()
        if CooperationArea.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "An area has this slug: it cannot also be an alias."})


class SectionAliasManager(models.Manager):
    def get_by_natural_key(self, document_slug, anchor):
        return self.get(document__slug=document_slug, anchor=anchor)


class SectionAlias(models.Model):
    """An anchor a section used to have, or had before the section was removed from its
    document (``section`` empty: the old URL then leads to the document). Carried in the
    fixtures (``section-aliases.json``), so that a cited section URL keeps working on every
    installation, not only on the database where the section was renamed or removed."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="section_aliases")
    anchor = models.SlugField(max_length=120)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="aliases"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectionAliasManager()

    class Meta:
        ordering = ["document", "anchor"]
        verbose_name_plural = "section aliases"
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"], name="section_alias_unique")
        ]

    def __str__(self):
        return f"{self.document.slug}#{self.anchor}"

    def natural_key(self):
        return (self.document.slug, self.anchor)

    natural_key.dependencies = ["documents.document", "documents.section"]


class DeletedSectionLinks(models.Model):
    """What editors had attached to a section when it was deleted: its area tags, with their
    review, and the quotes that were about it. The tags go with the section, and the quotes'
    link is emptied; neither is held by the section's revisions (a tag is not versioned, a
    quote is versioned alone), so a section brought back by "Recover deleted" or a History
    revert came back bare. Written by ``services.remember_a_deleted_sections_links`` and used
    up by ``services.restore_section_links``. Plain ids, not foreign keys: the section is
    gone, and its document may be too (and come back with it). Not part of the fixtures."""

    section_id = models.PositiveBigIntegerField(unique=True)
    document_id = models.PositiveBigIntegerField()
    # [{"id", "area_id", "status", "reviewed_by_id", "reviewed_at", "trigger"}, ...]
    tags = models.JSONField(default=list, blank=True)
    quote_ids = models.JSONField(default=list, blank=True)
    deleted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name_plural = "deleted sections' links"

    def __str__(self):
        return f"links of deleted section {self.section_id}"


class ArchiveGeneration(models.Model):
    """One row: when the archive last changed. Cached pages are keyed by it (documents/cache.py);
    it lives in the database when the cache is each process's own memory, so that every app
    server process sees an editor's change at once."""

    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="archive_generation_single_row")
        ]

    def __str__(self):
        return str(self.value)


# --- Comparisons of two documents ---------------------------------------------------------


class AlignmentAction(models.TextChoices):
    CONFIRM = "confirm", "Confirm the computed pair"
    PAIR = "pair", "Pair these sections (re-pair)"
    UNPAIR = "unpair", "Do not pair (unpair)"
    MERGE = "merge", "The earlier section is merged into the later one (which has its own pair)"
    SPLIT = "split", "The later section is split from the earlier one (which has its own pair)"


class AlignmentCorrectionManager(models.Manager):
    def get_by_natural_key(self, earlier_slug, later_slug, earlier_anchor, later_anchor):
        lookups = {"earlier_document__slug": earlier_slug, "later_document__slug": later_slug}
        for side, anchor in (("earlier", earlier_anchor), ("later", later_anchor)):
            if anchor:
                lookups[f"{side}_section__anchor"] = anchor
            else:
                lookups[f"{side}_section__isnull"] = True
        return self.get(**lookups)


class AlignmentCorrection(TimeStampedModel):
    """An editor's correction of the computed alignment of two documents (documents/compare.py).

    *Confirm* and *pair* fix a pair of sections (confirm: the computed pair is right; pair: the
    sections correspond although the computation paired them otherwise); *unpair* forbids a
    pair, or, with one section only, says that section has no counterpart (new or dropped).
    *Merge* says the earlier section's text is carried within the later section, which has its
    own partner (three 1997 principles in one 2015 section); *split*, the later section's text
    is drawn from the earlier one, which has its own partner. A correction applies to the
    comparison in either direction (read backwards, a merge is a split).
    """

    Action = AlignmentAction

    earlier_document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="alignment_corrections_as_earlier"
    )
    later_document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="alignment_corrections_as_later"
    )
    earlier_section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alignment_corrections_as_earlier",
    )
    later_section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alignment_corrections_as_later",
    )
    action = models.CharField(max_length=10, choices=AlignmentAction.choices)
    note = models.TextField(
        blank=True,
        help_text="Why, quoting both texts; shown to readers under the row. Say what the "
        "rows show, not how it was judged.",
    )

    objects = AlignmentCorrectionManager()

    class Meta:
        ordering = ["earlier_document", "later_document", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AlignmentAction.values),
                name="alignment_correction_action_valid",
            ),
            models.CheckConstraint(
                condition=~Q(earlier_document=models.F("later_document")),
                name="alignment_correction_two_documents",
            ),
            models.CheckConstraint(
                condition=Q(action="unpair", earlier_section__isnull=False)
                | Q(action="unpair", later_section__isnull=False)
                | Q(earlier_section__isnull=False, later_section__isnull=False),
                name="alignment_correction_names_sections",
            ),
            models.UniqueConstraint(
                fields=["earlier_document", "later_document", "earlier_section", "later_section"],
                name="alignment_correction_unique",
            ),
        ]

    def __str__(self):
        earlier = self.earlier_section.pinpoint if self.earlier_section_id else "—"
        later = self.later_section.pinpoint if self.later_section_id else "—"
        return f"{self.get_action_display()}: {earlier} ↔ {later}"

    def get_absolute_url(self):
        return reverse(
            "documents:compare",
            kwargs={"earlier": self.earlier_document.slug, "later": self.later_document.slug},
        )

    def natural_key(self):
        return (
            self.earlier_document.slug,
            self.later_document.slug,
            self.earlier_section.anchor if self.earlier_section_id else "",
            self.later_section.anchor if self.later_section_id else "",
        )

    natural_key.dependencies = ["documents.document", "documents.section"]

    def clean(self):
        super().clean()
        errors = {}
        if self.earlier_document_id and self.earlier_document_id == self.later_document_id:
            errors["later_document"] = "Compare two different documents."
        if self.earlier_section_id and self.earlier_section.document_id != self.earlier_document_id:
            errors["earlier_section"] = "This section is not in the earlier document."
        if self.later_section_id and self.later_section.document_id != self.later_document_id:
            errors["later_section"] = "This section is not in the later document."
        if self.action != AlignmentAction.UNPAIR and not (
            self.earlier_section_id and self.later_section_id
        ):
            errors["action"] = "To confirm, pair, merge or split, name a section on each side."
        if self.action == AlignmentAction.UNPAIR and not (
            self.earlier_section_id or self.later_section_id
        ):
            errors["action"] = "To unpair, name at least one section."
        if not errors and self.earlier_section_id and self.later_section_id:
            errors.update(self._clashes())
        if errors:
            raise ValidationError(errors)

    def _clashes(self):
        """A section paired (or confirmed) with one section by another correction between the
        same documents, in either direction, cannot be paired with another here: both were
        saved and the comparison silently used one. Nor can a section be both paired and
        merged into another (an earlier section) or split from one (a later section), nor
        merged into, or split from, two: the comparison showed it twice, or not at all."""
        if self.action not in self._SECTION_ACTIONS:
            return {}
        swapped = {AlignmentAction.MERGE: AlignmentAction.SPLIT}
        swapped.update({v: k for k, v in swapped.items()})
        others = AlignmentCorrection.objects.filter(action__in=self._SECTION_ACTIONS).exclude(
            pk=self.pk
        )
        corrections = [
            (other.action, other.earlier_section_id, other.later_section_id, other)
            for other in others.filter(
                earlier_document=self.earlier_document_id, later_document=self.later_document_id
            )
        ] + [
            (swapped.get(other.action, other.action), other.later_section_id,
             other.earlier_section_id, other)
            for other in others.filter(
                earlier_document=self.later_document_id, later_document=self.earlier_document_id
            )
        ]  # fmt: skip
        mine = (self.action, self.earlier_section_id, self.later_section_id)
        for action, earlier, later, other in corrections:
            field = _clash(mine, (action, earlier, later))
            if field:
                return {
                    field: f"Another correction already says “{other}”: change or delete it "
                    "first (a section has one counterpart)."
                }
        return {}

    _SECTION_ACTIONS = (
        AlignmentAction.CONFIRM,
        AlignmentAction.PAIR,
        AlignmentAction.MERGE,
        AlignmentAction.SPLIT,
    )


def _clash(mine, theirs):
    """The field of ``mine`` (action, earlier section, later section) that ``theirs``, a
    correction between the same documents in the same direction, already decides otherwise;
    None when the two agree."""
    pairing = (AlignmentAction.CONFIRM, AlignmentAction.PAIR)
    action, earlier, later = mine
    other, other_earlier, other_later = theirs
    same_earlier, same_later = earlier == other_earlier, later == other_later
    if action in pairing and other in pairing:
        if same_earlier != same_later:
            return "later_section" if same_earlier else "earlier_section"
        return None
    # an earlier section is paired or merged (into one section); a later one paired or split
    # (from one section)
    earlier_taken = {action, other} <= {*pairing, AlignmentAction.MERGE} and not (
        action in pairing and other in pairing
    )
    if same_earlier and AlignmentAction.MERGE in (action, other) and earlier_taken:
        if action == other == AlignmentAction.MERGE and same_later:
            return None
        return "earlier_section"
    later_taken = {action, other} <= {*pairing, AlignmentAction.SPLIT}
    if same_later and AlignmentAction.SPLIT in (action, other) and later_taken:
        if action == other == AlignmentAction.SPLIT and same_earlier:
            return None
        return "later_section"
    return None


class DocumentVersionManager(models.Manager):
    def get_by_natural_key(self, number, document_slug):
        return self.get(number=number, document__slug=document_slug)


class DocumentVersion(TimeStampedModel):
    """A cited text, kept for good: the document's title, date and sections as they were when
    version ``number`` (1, 2, 3 … per document) was recorded. Versions are carried in the
    fixtures (fixtures/versions/<document>.json), so the number means the same text on every
    instance and "cite this version" links survive a fresh install (documents/revisions.py).
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    recorded_on = models.DateField(help_text="The day this version of the text was recorded.")
    title = models.CharField(max_length=400)
    date = models.DateField()
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    front_matter = models.TextField(blank=True)
    sections = models.JSONField(
        default=list,
        help_text="[{body, label, level, order, anchor, heading, pinpoint}] in reading order.",
    )
    legacy_revision = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The revision id the old /revisions/<id>/ links used for this text, if any.",
    )

    objects = DocumentVersionManager()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self):
        return f"{self.document} — version {self.number}"

    def get_absolute_url(self):
        return reverse(
            "documents:document-version",
            kwargs={"slug": self.document.slug, "number": self.number},
        )

    @property
    def display_date(self):
        return format_partial_date(self.date, self.date_precision)

    def natural_key(self):
        return (self.number, *self.document.natural_key())

    natural_key.dependencies = ["documents.document"]


class ArchiveSync(models.Model):
    """A moment the database matched the fixture files: a load, an update or an export.
    ``load_archive --update`` treats a record changed after the latest one as an editor's
    work the fixtures do not have yet, and will not overwrite it unasked."""

    class Action(models.TextChoices):
        LOAD = "load", "Loaded the fixtures"
        UPDATE = "update", "Updated from the fixtures"
        EXPORT = "export", "Exported to the fixtures"

    action = models.CharField(max_length=10, choices=Action.choices)
    directory = models.CharField(max_length=500, help_text="The fixture directory, resolved.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        get_latest_by = "at"
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["load", "update", "export"]), name="archive_sync_action"
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.directory}) at {self.at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def record(cls, action, directory):
        return cls.objects.create(action=action, directory=str(Path(directory).resolve()))

    @classmethod
    def latest_for(cls, directory):
        """The last time the database matched the files in ``directory``, or None."""
        return cls.objects.filter(directory=str(Path(directory).resolve())).order_by("-at").first()
