"""Officials the public sees: those quoted in a published document, and those recorded with no
quote outside drafts (mentioned in a document); one whose quotes were all withdrawn gets a
truthful 410 and is offered in no list. A quote in a draft changes no public page. Search's
"Official quoted" offers only officials with a published quote."""

import pytest
from django.urls import reverse

from documents import services
from documents.models import Document, Official
from search.filters import SearchFilter
from tests.factories import DocumentFactory, OfficialFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officials():
    quoted = OfficialFactory(name="Quoted Official", slug="quoted")
    withdrawn = OfficialFactory(name="Withdrawn Official", slug="withdrawn")
    drafted = OfficialFactory(name="Draft Official", slug="drafted")
    OfficialFactory(name="Mentioned Official", slug="mentioned")
    QuoteFactory(official=quoted)
    gone = DocumentFactory(
        title="A Retracted Report",
        status=Document.Status.WITHDRAWN,
        withdrawn_reason="The publisher retracted the report.",
    )
    QuoteFactory(official=withdrawn, document=gone)
    QuoteFactory(official=drafted, document=DocumentFactory(status=Document.Status.DRAFT))
    return {"quoted": quoted, "withdrawn": withdrawn, "drafted": drafted, "gone": gone}


def test_withdrawn_officials_are_not_listed_and_a_draft_changes_nothing(client, officials):
    content = client.get(reverse("documents:official-list")).content.decode()
    assert "Quoted Official" in content
    assert "Mentioned Official" in content
    assert "Withdrawn Official" not in content
    assert "Draft Official" in content  # as before the draft quoted them
    assert list(Official.objects.quoted()) == [officials["quoted"]]


def test_official_with_no_quote_says_only_that(client, officials):
    response = client.get(reverse("documents:official-detail", args=["mentioned"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The archive records no quote by this official." in content
    assert "mentioned in its documents" not in content


def test_search_offers_only_officials_with_a_published_quote(officials):
    offered = [label for _value, label in SearchFilter().form.fields["official"].choices]
    assert "Quoted Official" in offered
    assert "Mentioned Official" not in offered
    assert "Withdrawn Official" not in offered
    assert "Draft Official" not in offered


def test_sitemap_lists_the_public_officials(client, officials):
    content = client.get(reverse("sitemap")).content.decode()
    assert officials["quoted"].get_absolute_url() in content
    assert officials["withdrawn"].get_absolute_url() not in content
    assert officials["drafted"].get_absolute_url() in content  # as if the draft were not there


def test_withdrawn_officials_page_says_truthfully_why_it_has_no_quote(client, officials):
    response = client.get(officials["withdrawn"].get_absolute_url())
    assert response.status_code == 410
    content = response.content.decode()
    assert "no longer holds any quote by this official" in content
    assert "mentioned in its documents" not in content
    assert f'href="{officials["gone"].get_absolute_url()}">A Retracted Report</a>' in content
    assert "The publisher retracted the report." in content
    assert '<meta name="robots" content="noindex">' in content


def test_a_quote_in_a_draft_changes_no_public_page(client, officials):
    """A quote added to a draft made the official's public page answer 404 (and a shipped
    official's, Robert O. Work's, with it) until the draft was published: the page stays,
    without the draft's words."""
    response = client.get(officials["drafted"].get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "The archive records no quote by this official." in content
    draft_quote = officials["drafted"].quotes.get()
    assert draft_quote.text not in content
    assert client.get(reverse("documents:official-detail", args=["nobody"])).status_code == 404


def test_quoted_officials_page_lists_their_quotes(client, officials):
    response = client.get(officials["quoted"].get_absolute_url())
    assert response.status_code == 200
    assert response.context["quotes"][0].official == officials["quoted"]


def test_api_offers_the_public_officials(client, officials):
    listed = client.get(reverse("api:official-list")).json()
    slugs = [record["slug"] for record in listed["results"]]
    assert sorted(slugs) == ["drafted", "mentioned", "quoted"]  # a draft changes nothing
    detail = reverse("api:official-detail", kwargs={"slug": "withdrawn"})
    assert client.get(detail).status_code == 404
    detail = reverse("api:official-detail", kwargs={"slug": "quoted"})
    assert client.get(detail).status_code == 200


def test_an_officials_page_follows_a_withdrawal_at_once(client, officials):
    """The official's page is kept until the archive changes: read, then withdrawn, it
    answers 410 at once, and the officials list drops them."""
    quoted = officials["quoted"]
    for _ in range(2):  # read, then kept
        assert client.get(quoted.get_absolute_url()).status_code == 200
        assert "Quoted Official" in client.get("/officials/").content.decode()
    document = quoted.quotes.get().document
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="Retracted.")
    for _ in range(2):
        assert client.get(quoted.get_absolute_url()).status_code == 410
        assert "Quoted Official" not in client.get("/officials/").content.decode()
    assert client.get("/officials/made-up/").status_code == 404
