"""Public search leaves out the section text of documents whose rights keep it staff-only
("copyrighted", e.g. a news article): their record and the passages quoted from them stay
searchable."""

import pytest

from documents.models import Document
from search.engine import search
from tests.factories import DocumentFactory, QuoteFactory, SectionFactory

pytestmark = pytest.mark.django_db

RIGHTS = [value for value, _ in Document._meta.get_field("rights").choices]


def test_restricted_text_is_not_searched_but_its_quotes_and_record_are():
    restricted = "copyrighted"
    article = DocumentFactory(
        title="Tokyo and Washington writing new guidelines",
        summary="",
        rights=restricted,
        attribution="Defense News, quoted for research.",
    )
    SectionFactory(document=article, heading="", body="The zanzibarian paragraph of the article.")
    QuoteFactory(document=article, text="A zanzibarian remark, quoted for research.")
    free = DocumentFactory(
        title="Fact sheet", summary="", rights=next(r for r in RIGHTS if r != restricted)
    )
    SectionFactory(document=free, heading="", body="Another zanzibarian paragraph.")
    results = search("zanzibarian")
    kinds = sorted((hit.kind, hit.document.pk) for hit in results.hits)
    assert kinds == sorted([("quote", article.pk), ("section", free.pk)])
    assert results.total == 2  # the counts agree with what is shown
    assert [hit.kind for hit in search("tokyo washington").hits] == ["document"]


def test_search_entries_are_the_published_ones_whatever_the_rights():
    DocumentFactory(title="Zanzibarian draft", status=Document.Status.DRAFT)
    published = DocumentFactory(title="Zanzibarian record")
    assert [hit.document.pk for hit in search("zanzibarian").hits] == [published.pk]
