"""The template tags that write markup in Python: the same bytes as the template they
replaced, escaping included."""

import datetime

import pytest
from django.template import Context, Template

from documents.models import DatePrecision, Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

# includes/document_item.html as it was when the tag replaced it (the reference).
DOCUMENT_ITEM_TEMPLATE = """<li class="document-item">
  <a href="{{ document.get_absolute_url }}">{{ document.title }}</a>
  <span class="meta">{{ document.get_kind_display }} · <time datetime="{{ document.date|date:'Y-m-d' }}">{{ document.display_date }}</time>{% if not document.text_held %} · record only, text not held{% endif %}</span>
</li>
"""  # noqa: E501


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"title": 'The "Guidelines" <for> U.S.–Japan & Co.', "kind": Document.Kind.GUIDELINES},
        {"text_held": False, "kind": Document.Kind.NEWS_ARTICLE},
        {"date": datetime.date(1960, 1, 19), "date_precision": DatePrecision.YEAR},
        {"date": datetime.date(1978, 11, 1), "date_precision": DatePrecision.MONTH},
    ],
)
def test_a_document_item_is_the_templates_markup(fields):
    document = DocumentFactory(**fields)
    listed = Document.objects.for_list_items().get(pk=document.pk)
    context = Context({"document": listed})
    expected = Template(DOCUMENT_ITEM_TEMPLATE).render(context)
    assert Template("{% document_item document %}").render(context) == expected
    assert "<for>" not in expected


def test_a_document_item_reads_nothing_more(django_assert_num_queries):
    document = DocumentFactory()
    listed = Document.objects.for_list_items().get(pk=document.pk)
    with django_assert_num_queries(0):
        Template("{% document_item document %}").render(Context({"document": listed}))
