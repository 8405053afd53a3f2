"""The About page: what the archive is, its editorial policy, and how to report an error."""

import pytest
from django.core import checks
from django.urls import reverse

from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

ABOUT = reverse("documents:about")


def test_about_page_states_the_editorial_policy(client):
    content = client.get(ABOUT).content.decode()
    headings = ["Who curates it", "Editorial policy", "Corrections", "Rights", "Report an error"]
    for heading in headings:
        assert f">{heading}</h2>" in content
    assert "verbatim" in content
    assert "SHA-256" in content
    for _value, label in Document._meta.get_field("rights").choices:
        assert f"<li>{label}</li>" in content


def test_about_page_links_the_corrections_contacts_from_the_settings(client, settings):
    settings.ALLIANCE_CONTACT_EMAIL = "corrections@archive.example.org"
    settings.ALLIANCE_CORRECTIONS_URL = "https://tracker.example.org/archive/new"
    settings.ALLIANCE_CURATOR = "the Alliance Archive editorial board"
    content = client.get(ABOUT).content.decode()
    assert (
        'href="mailto:corrections@archive.example.org?subject=Correction%20to%20Alliance%20Archive"'
        in content
    )
    assert 'href="https://tracker.example.org/archive/new">File a correction</a>' in content
    assert "curated by the Alliance Archive editorial board." in content


def test_about_page_without_contacts_says_so_rather_than_inventing_one(client, settings):
    settings.ALLIANCE_CONTACT_EMAIL = ""
    settings.ALLIANCE_CORRECTIONS_URL = ""
    content = client.get(ABOUT).content.decode()
    assert "mailto:" not in content
    assert "has not published an address for corrections" in content


@pytest.mark.parametrize(
    "url",
    [
        reverse("documents:home"),
        reverse("documents:document-list"),
        reverse("documents:timeline"),
        reverse("search:search"),
        "/no-such-page/",
    ],
)
def test_every_page_links_the_about_page_from_its_footer(client, url):
    content = client.get(url).content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    assert f'href="{ABOUT}">About the archive</a>' in footer
    assert f'href="{ABOUT}#report">Report an error</a>' in footer


def test_reader_footer_links_the_about_page(client):
    document = DocumentFactory()
    content = client.get(document.get_absolute_url()).content.decode()
    assert f'href="{ABOUT}">About the archive</a>' in content


def test_deploy_check_warns_when_readers_cannot_report_an_error(settings):
    settings.ALLIANCE_CONTACT_EMAIL = ""
    settings.ALLIANCE_CORRECTIONS_URL = ""
    found = checks.run_checks(include_deployment_checks=True)
    assert "documents.W001" in [message.id for message in found]
    settings.ALLIANCE_CONTACT_EMAIL = "corrections@archive.example.org"
    found = checks.run_checks(include_deployment_checks=True)
    assert "documents.W001" not in [message.id for message in found]
