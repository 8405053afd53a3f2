"""The benchmark's corpus generator (docs/search.md, "Benchmark") builds a searchable archive
on the model as it is: it went unrun for a while and broke when area tags gained a review
status and the section fixtures began to carry their tags."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Section, SectionArea, TagStatus
from search.engine import search
from search.management.commands.generate_corpus import SLUG_PREFIX
from search.models import SearchWord
from tests.factories import CooperationAreaFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_generated_sections_are_indexed_tagged_and_counted(capsys):
    area = CooperationAreaFactory(slug="cyberspace", name="Cyberspace")
    real = SectionFactory(body="A real section about cyberspace.", areas=[area])
    # Through Django's debug cursor, as with DJANGO_DEBUG=1 (the documented way to run it).
    with CaptureQueriesContext(connection):
        call_command("generate_corpus", sections=120, per_document=40, rare_words=50)

    synthetic = Section.objects.filter(document__slug__startswith=SLUG_PREFIX)
    assert synthetic.count() == 120
    assert "120 sections in 3 documents" in capsys.readouterr().out
    # The real section keeps its one tag; the synthetic ones are tagged as reviewed, so
    # public search's area filter and facet see them.
    assert list(SectionArea.objects.filter(section=real).values_list("area", flat=True)) == [
        area.pk
    ]
    tags = SectionArea.objects.filter(section__in=synthetic)
    assert tags.exists() and not tags.exclude(status=TagStatus.REVIEWED).exists()
    # Indexed by the real triggers: "cooperation" is in most synthetic sections.
    results = search("cooperation", filters={"area": "cyberspace"})
    assert results.total > 0
    assert any(f.name == "area" for f in results.facets)
    # The vocabulary for "did you mean" holds the generated words.
    assert SearchWord.objects.filter(word="cooperation").exists()
