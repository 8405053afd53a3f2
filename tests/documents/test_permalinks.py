"""Permalinks are a promise: every URL the archive ever published keeps answering 200, 301
or 410 — never 404 — through renames, removed sections and withdrawals."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from documents import services
from documents.archive import load_archive
from documents.models import AreaAlias, CooperationArea, Document, DocumentAlias, Section
from tests.factories import DocumentFactory, QuoteFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = root.findall("sm:url", SITEMAP_NS)
    paths = [urlsplit(e.find("sm:loc", SITEMAP_NS).text).path for e in entries]
    for entry, path in zip(entries, paths, strict=True):
        if path.startswith("/documents/") and path != "/documents/":
            assert entry.find("sm:lastmod", SITEMAP_NS) is not None, path
    return paths


def final_status(client, path):
    """Follow redirects (counting hops) and return (final status, hops)."""
    response = client.get(path)
    hops = 0
    while response.status_code in (301, 302):
        hops += 1
        assert hops < 5, f"redirect loop at {path}"
        response = client.get(response["Location"])
    return response.status_code, hops


def test_every_published_url_survives_renames_removals_and_withdrawals(client):
    load_archive(settings.ARCHIVE_FIXTURE_DIR)
    ledger = sitemap_paths(client)
    assert len(ledger) > 300
    ledger += [f"/d/{d.public_id}" for d in Document.objects.published()]
    ledger += [f"/q/{public_id}" for public_id in range(1, 7)]
    ledger += [
        f"/d/{s.document.public_id}/{s.anchor}"
        for s in Section.objects.published().select_related("document")[:50]
    ]
    for path in ledger:
        assert client.get(path).status_code in (200, 301), path

    # Editors rename a document twice, rename a section's anchor, re-import a text that drops
    # a section, and withdraw a document.
    guidelines = Document.objects.get(slug="guidelines-2015")
    guidelines.slug = "guidelines-for-japan-us-defense-cooperation-2015"
    guidelines.save()
    guidelines.slug = "guidelines-2015-edition"
    guidelines.save()
    section = guidelines.sections.get(anchor="vi-b")
    section.anchor = "vi-b-cyberspace"
    section.save()
    treaty = Document.objects.get(slug="treaty-of-mutual-cooperation-and-security-1960")
    article_6_text = "Treaty of Mutual Cooperation\n\nArticle 5\n\nEach Party recognizes.\n"
    services.import_document_text(treaty, article_6_text)
    article = Document.objects.get(kind="news-article")
    services.withdraw_documents(Document.objects.filter(pk=article.pk), reason="Rights")

    for path in ledger:
        status, hops = final_status(client, path)
        assert status in (200, 410), path
        assert hops <= 2, path  # chains collapse: a short link adds at most one hop

    # Old slugs answer with one hop straight to the current URL.
    response = client.get("/documents/guidelines-2015/sections/vi-b/")
    assert response.status_code == 301
    assert response["Location"] == "/documents/guidelines-2015-edition/sections/vi-b/"
    response = client.get(response["Location"])
    assert response["Location"] == "/documents/guidelines-2015-edition/sections/vi-b-cyberspace/"
    response = client.get("/documents/guidelines-for-japan-us-defense-cooperation-2015/")
    assert response["Location"] == "/documents/guidelines-2015-edition/"
    # A removed section leads to its document.
    response = client.get(
        "/documents/treaty-of-mutual-cooperation-and-security-1960/sections/article-6/"
    )
    assert response.status_code == 301
    assert response["Location"] == "/documents/treaty-of-mutual-cooperation-and-security-1960/"
    # Withdrawn: 410 at the reader, its sections, its quotes and its short link.
    assert client.get(article.get_absolute_url()).status_code == 410
    assert client.get(f"/d/{article.public_id}").status_code == 410
    assert client.get("/quotes/1/").status_code == 410


def test_redirects_keep_the_query_string(client):
    document = DocumentFactory(slug="old")
    document.slug = "new"
    document.save()
    response = client.get("/documents/old/?highlight=cyber")
    assert response["Location"] == "/documents/new/?highlight=cyber"


def test_a_new_document_cannot_hijack_a_retired_slug_silently(client):
    document = DocumentFactory(slug="first")
    document.slug = "renamed"
    document.save()
    other = DocumentFactory(slug="first")  # the live slug wins over the alias …
    assert client.get("/documents/first/").status_code == 200
    assert not document.aliases.filter(slug="first").exists()  # … and the alias is retired
    assert other.slug == "first"


def test_renaming_back_removes_the_alias(client):
    document = DocumentFactory(slug="a")
    document.slug = "b"
    document.save()
    document.slug = "a"
    document.save()
    assert client.get("/documents/a/").status_code == 200
    assert client.get("/documents/b/").status_code == 301
    assert client.get("/documents/b/")["Location"] == "/documents/a/"


def test_drafts_do_not_leak_through_aliases_or_short_links(client):
    draft = DocumentFactory(slug="draft", status="draft")
    draft.slug = "draft-2"
    draft.save()
    assert client.get("/documents/draft/").status_code == 404
    assert client.get(f"/d/{draft.public_id}").status_code == 404
    quote = QuoteFactory(document=draft)
    assert client.get(f"/q/{quote.public_id}").status_code == 404


def test_short_links(client):
    section = SectionFactory(anchor="iv-b-2")
    document = section.document
    response = client.get(f"/d/{document.public_id}")
    assert (response.status_code, response["Location"]) == (301, document.get_absolute_url())
    response = client.get(f"/d/{document.public_id}/iv-b-2")
    assert (response.status_code, response["Location"]) == (301, section.get_absolute_url())
    quote = QuoteFactory()
    response = client.get(f"/q/{quote.public_id}")
    assert (response.status_code, response["Location"]) == (301, quote.get_absolute_url())
    assert client.get("/d/999999").status_code == 404


def test_odd_forms_of_a_link_lead_to_the_page_or_to_a_404_never_a_redirect_to_one(client):
    """A slash added to a short link, capitals in a slug or an anchor (as a student types
    them) lead to the page; a short link to an anchor that never existed answers 404 itself
    rather than a permanent redirect to a 404."""
    section = SectionFactory(anchor="iv-b-2", document=DocumentFactory(slug="guidelines-2015"))
    document = section.document
    quote = QuoteFactory(document=document)
    for path, target in [
        (f"/d/{document.public_id}/", document.get_absolute_url()),
        (f"/d/{document.public_id}/iv-b-2/", section.get_absolute_url()),
        (f"/d/{document.public_id}/IV-B-2", section.get_absolute_url()),
        (f"/q/{quote.public_id}/", quote.get_absolute_url()),
        ("/documents/Guidelines-2015/", document.get_absolute_url()),
        ("/documents/guidelines-2015/sections/IV-B-2/", section.get_absolute_url()),
    ]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, target), path
        assert final_status(client, path) == (200, 1), path
    assert client.get(f"/d/{document.public_id}/zzz").status_code == 404
    assert client.get("/documents/guidelines-2015/sections/ZZZ/").status_code == 404
    assert client.get("/documents/No-Such-Document/").status_code == 404


def test_admin_section_deletion_keeps_the_url(client, admin_user):
    section = SectionFactory(anchor="gone-section")
    client.force_login(admin_user)
    client.post(f"/admin/documents/section/{section.pk}/delete/", {"post": "yes"})
    assert not Section.objects.filter(pk=section.pk).exists()
    client.logout()
    response = client.get(f"/documents/{section.document.slug}/sections/gone-section/")
    assert (response.status_code, response["Location"]) == (
        301,
        section.document.get_absolute_url(),
    )


def test_feeds(client):
    area = CooperationArea.objects.create(slug="cyber", name="Cyberspace")
    DocumentFactory(title="Cyber Statement", areas=[area])
    DocumentFactory(title="Other Statement")
    DocumentFactory(title="Draft Statement", status="draft", areas=[area])
    overall = client.get("/feeds/documents/").content.decode()
    assert "<feed" in overall and "Cyber Statement" in overall and "Other Statement" in overall
    assert "Draft Statement" not in overall
    cyber = client.get("/feeds/areas/cyber/").content.decode()
    assert "Cyber Statement" in cyber and "Other Statement" not in cyber
    assert client.get("/feeds/areas/nope/").status_code == 404


def test_sitemap_lists_published_pages_only(client):
    DocumentFactory(slug="public-one")
    DocumentFactory(slug="secret", status="draft")
    paths = sitemap_paths(client)
    assert "/documents/public-one/" in paths
    assert not any("secret" in p for p in paths)
    assert re.search(r"<lastmod>\d{4}-\d\d-\d\d", client.get("/sitemap.xml").content.decode())


def test_load_archive_command_is_quiet_about_aliases():
    call_command("load_archive", verbosity=0)
    assert not Document.objects.filter(aliases__isnull=False).exists()


def test_the_forms_refuse_a_retired_address_and_a_drafts_passing_slugs_are_not_kept():
    """A new document or area could take a cited old address silently (it then led to the new
    record); every slug a draft briefly had became a permanent redirect."""
    document = DocumentFactory(slug="scc-2013-probe")
    document.slug = "scc-2013"
    document.save()
    with pytest.raises(ValidationError, match="cited links to it still lead there"):
        DocumentFactory.build(slug="scc-2013-probe").clean()
    area = CooperationArea.objects.create(slug="intelligence", name="Intelligence")
    area.slug = "intelligence-sharing"
    area.save()
    with pytest.raises(ValidationError, match="cited links to it still lead there"):
        CooperationArea(slug="intelligence", name="Other").clean()
    draft = DocumentFactory(slug="guidelines-draft", status="draft")
    draft.slug = "GUIDELINES-2015"
    draft.save()
    assert not DocumentAlias.objects.filter(slug="guidelines-draft").exists()
    assert AreaAlias.objects.filter(slug="intelligence").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/documents/?area={}&kind=statement",
        "/timeline/?area={}&kind=statement",
        "/search/?area={}&q=sharing",
        "/compare/earlier-text...later-text/?area={}",
        "/api/v1/sections/?area={}",
        "/api/v1/timeline/?area={}&kind=document",
        "/api/v1/search/?area={}&q=sharing",
    ],
)
def test_a_filter_link_under_an_areas_old_slug_follows_the_rename(client, path):
    """/areas/intelligence/ led to the renamed area, but ?area=intelligence on a list, the
    timeline, search or a comparison was ignored (the page showed everything, unfiltered),
    and the API answered 400."""
    DocumentFactory(slug="earlier-text")
    DocumentFactory(slug="later-text")
    area = CooperationArea.objects.create(slug="intelligence", name="Intelligence")
    area.slug = "intelligence-sharing"
    area.save()
    response = client.get(path.format("intelligence"))
    assert response.status_code == 301
    assert response["Location"] == path.format("intelligence-sharing")
    assert client.get(response["Location"]).status_code == 200


def test_an_old_slug_beside_a_current_one_keeps_both_filters_and_the_admin_is_left_alone(
    client, admin_client
):
    area = CooperationArea.objects.create(slug="intelligence", name="Intelligence")
    area.slug = "intelligence-sharing"
    area.save()
    CooperationArea.objects.create(slug="cyber", name="Cyber")
    response = client.get("/documents/?area=cyber&area=intelligence")
    assert response["Location"] == "/documents/?area=cyber&area=intelligence-sharing"
    assert client.get("/documents/?area=cyber&area=no-such-area").status_code == 200
    admin = admin_client.get("/admin/documents/section/?area=intelligence")
    assert admin.status_code != 301
