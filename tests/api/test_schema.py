"""The OpenAPI schema, exercised by schemathesis against a running server: for every
endpoint, generated requests (valid and invalid parameters) get no server error and no
answer that breaks the schema (status code, content type, headers, body)."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from documents.models import Document
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

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)
EXAMPLES_PER_ENDPOINT = 30
TIME_BUDGET_SECONDS = 60


@pytest.fixture
def served_archive(transactional_db, live_server, settings):
    """A small archive behind a live server; no throttling while the schema is exercised."""
    settings.API_THROTTLE_RATE = "100000/minute"
    parent = CooperationAreaFactory(slug="space-and-cyberspace")
    area = CooperationAreaFactory(slug="cyberspace", parent=parent)
    issuer = OrganizationFactory(slug="mod")
    series = SeriesFactory(slug="guidelines")
    for number in range(3):
        document = DocumentFactory(
            slug=f"doc-{number}",
            areas=[area],
            issuers=[issuer],
            series=series,
            edition_label=str(number),
        )
        SectionFactory.create_batch(2, document=document, areas=[area])
        QuoteFactory(document=document, official=OfficialFactory(organization=issuer))
        EventFactory().documents.add(document)
    DocumentFactory(slug="gone", status=Document.Status.WITHDRAWN, withdrawn_reason="Duplicate")
    return live_server.url


def test_every_endpoint_keeps_to_the_schema(served_archive):
    schema = openapi.from_url(f"{served_archive}/api/v1/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18  # every list and detail endpoint, timeline, search, changes
    started, failures, calls = time.monotonic(), [], {"n": 0}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_ENDPOINT,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            calls["n"] += 1
            response = case.call(base_url=served_archive, timeout=20)
            case.validate_response(response, checks=list(CHECKS))

        try:
            exercise()
        except Exception as error:  # noqa: BLE001 - collect them all, then report
            failures.append(f"{operation.verbose_name}: {error}")
    elapsed = time.monotonic() - started
    assert not failures, "\n\n".join(failures)
    assert calls["n"] >= len(operations) * 2
    assert elapsed < TIME_BUDGET_SECONDS * 2, f"took {elapsed:.0f} s"
