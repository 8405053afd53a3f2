"""Acronyms as the archive's texts define them, and a search for one in capitals that also
finds its spelled-out form (search/acronyms.py, search.query.bare_terms)."""

import pytest
from django.core.management import call_command

from documents.models import Document, DocumentRights
from search.acronyms import count_definitions, definitions, glossary
from search.engine import search
from search.models import SearchAcronym
from search.query import parse
from tests.factories import DocumentFactory, SectionFactory

DEFINED = [
    ("progress in ballistic missile defense (BMD) cooperation", "ballistic missile defense"),
    # a common word may give its letter ...
    (
        "improved implementation of the Status of Forces Agreement (SOFA)",
        "status of forces agreement",
    ),
    ("will be borne by the Government of Japan (GOJ)", "government of japan"),
    # ... or be skipped, which is tried first
    (
        "the Acquisition and Cross-Servicing Agreement (ACSA)",
        "acquisition and cross servicing agreement",
    ),
    ("the Special Action Committee on Okinawa (SACO)", "special action committee on okinawa"),
    (
        "Chemical, Biological, Radiological, and Nuclear (CBRN)",
        "chemical biological radiological and nuclear",
    ),
    # a hyphenated word gives a letter for each part
    ("Japan Self-Defense Forces (JSDF)", "japan self defense forces"),
    ("the U.N. Security Council (UNSC)", "u n security council"),
]  # noqa: E501


@pytest.mark.parametrize(("text", "form"), DEFINED)
def test_a_definition_is_read_off_the_words_before_it(text, form):
    acronym = text[text.rindex("(") + 1 : text.rindex(")")]
    assert [(a, " ".join(words)) for a, words in definitions(text)] == [(acronym, form)]


@pytest.mark.parametrize(
    "text",
    [
        "the status quo in the South China Sea (COC)",  # the letters are not the words'
        "and Nuclear (CBRN)",  # too few words
        "a list (UN) of two letters",  # fewer than three capitals
        "see the annex (Annex A)",
        "",
    ],
)
def test_anything_else_is_no_definition(text):
    assert list(definitions(text)) == []


def test_the_glossary_keeps_the_most_frequent_forms():
    counts = count_definitions(
        [
            "Ballistic Missile Defense (BMD) and ballistic missile defense (BMD).",
            "Ballistic Missile Defence (BMD).",
            "Big Machine Door (BMD).",
        ]
    )
    assert counts[("BMD", "ballistic missile defense")] == 2
    rows = [(a, form, n) for (a, form), n in counts.items()]
    assert glossary(rows) == {
        "BMD": (("ballistic", "missile", "defense"), ("ballistic", "missile", "defence"))
    }


GLOSSARY = {"BMD": (("ballistic", "missile", "defense"),)}


def test_an_acronym_in_capitals_also_finds_its_spelled_out_form():
    [clause] = parse("BMD", acronyms=GLOSSARY).clauses
    assert [t.words for t in clause] == [("bmd",), ("ballistic", "missile", "defense")]
    assert clause[1].variant
    assert parse("BMD", acronyms=GLOSSARY).notices == [
        "BMD also finds “ballistic missile defense”, as the archive's texts spell it out."
    ]
    assert str(parse("BMD", acronyms=GLOSSARY)) == "BMD"  # the query as typed


def test_an_acronym_followed_by_punctuation_is_spelled_out_too():
    [first, second] = parse(
        "BMD, SOFA", acronyms={**GLOSSARY, "SOFA": (("status", "of", "forces", "agreement"),)}
    ).clauses
    assert [t.words for t in first] == [("bmd",), ("ballistic", "missile", "defense")]
    assert ("status", "of", "forces", "agreement") in [t.words for t in second]


@pytest.mark.parametrize("text", ["bmd", "Bmd", '"BMD"', "BMD-cooperation"])
def test_only_a_bare_acronym_in_capitals_is_spelled_out(text):
    """ "sofa" or "jet" in small letters may be the word itself; a quoted one is as typed."""
    query = parse(text, acronyms=GLOSSARY)
    assert all("ballistic" not in t.words for clause in query.clauses for t in clause)
    assert query.notices == []


@pytest.fixture
def texts():
    defining = DocumentFactory(title="Joint Statement", summary="")
    SectionFactory(
        document=defining,
        heading="Missile defense",
        body="The Ministers welcomed progress in ballistic missile defense (BMD) cooperation.",
    )
    spelled = SectionFactory(
        document=DocumentFactory(title="Fact Sheet", summary=""),
        heading="Cooperation",
        body="Both governments continue work on ballistic missile defense systems.",
    )
    lettered = SectionFactory(
        document=DocumentFactory(title="Report", summary=""),
        heading="Progress",
        body="BMD deployments continued.",
    )
    # Not defined by what the public cannot read: a draft, a copyrighted document's text.
    SectionFactory(
        document=DocumentFactory(title="Draft", summary="", status=Document.Status.DRAFT),
        body="A Draft Only Definition (DOD) here.",
    )
    SectionFactory(
        document=DocumentFactory(
            title="Article", summary="", rights=DocumentRights.COPYRIGHTED, attribution="X"
        ),
        body="A Copyrighted Text Definition (CTD) here.",
    )
    call_command("rebuild_search_index", verbosity=0)
    return {"spelled": spelled, "lettered": lettered}


@pytest.mark.django_db
def test_a_search_for_an_acronym_finds_the_texts_that_spell_it_out(texts):
    assert set(SearchAcronym.objects.values_list("acronym", "form")) == {
        ("BMD", "ballistic missile defense")
    }
    results = search("BMD")
    assert results.total == 3
    spelled = next(hit for hit in results.hits if hit.title == "Cooperation")
    marked = [spelled.snippet[m.start : m.end] for m in spelled.matches if m.field == "snippet"]
    assert marked == ["ballistic missile defense"]
    assert results.notices == [
        "BMD also finds “ballistic missile defense”, as the archive's texts spell it out."
    ]
    assert search("bmd").total == 2  # as typed: the letters only
    assert search("cooperation -BMD").total == 0  # excluded, spelled out or not
