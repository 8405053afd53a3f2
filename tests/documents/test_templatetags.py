"""The template tags that write markup in Python: the same bytes as the template they
replaced, escaping included."""

import datetime

import pytest
from django.template import Context, Engine, Template
from django.test import override_settings
from django.urls import NoReverseMatch, set_script_prefix

from documents.models import DatePrecision, Document
from documents.reversing import _remembered
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
        {"title": "Japan's 'new' role", "kind": Document.Kind.SPEECH},
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


# {% url %}: the archive's builtin answers every template's tag; Django's own is the reference.
DJANGO_ENGINE = Engine(libraries={"static": "django.templatetags.static"})  # no builtins of ours

URL_TAGS = [
    "{% url 'documents:home' %}",
    "{% url 'documents:about' %}#policy",
    "{% url 'documents:document-detail' slug %}",
    "{% url 'documents:document-detail' slug=slug %}",
    "{% url 'documents:compare' earlier=slug later='guidelines-2015' %}",
    "{% url 'documents:document-short' public_id %}",
    "{% url 'documents:document-detail' slug as link %}<a href='{{ link }}'>",
    "{% url 'documents:no-such-page' as link %}[{{ link }}]",
    "{% autoescape off %}{% url 'documents:document-detail' slug %}{% endautoescape %}",
    "{% url name slug=slug %}",
]


@pytest.mark.parametrize("source", URL_TAGS)
def test_the_url_tag_answers_as_djangos(source):
    values = {"slug": "guidelines-1997", "public_id": 7, "name": "documents:document-detail"}
    ours = Template(source).render(Context(values))
    assert ours == DJANGO_ENGINE.from_string(source).render(Context(values))
    assert Template(source).render(Context(values)) == ours  # remembered: the same again


def test_the_url_tag_refuses_an_unknown_page_as_django_does():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'documents:no-such-page' %}").render(Context())


def test_a_remembered_url_follows_the_script_prefix_and_the_urlconf():
    template = Template("{% url 'documents:about' %}")
    assert template.render(Context()) == "/about/"
    set_script_prefix("/archive/")
    try:
        assert template.render(Context()) == "/archive/about/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.alliance.echo_urls"):
        assert Template("{% url 'echo' %}").render(Context()) == "/echo/"
    assert template.render(Context()) == "/about/"


def test_the_admins_urls_are_the_admins(admin_client):
    # The admin's templates use {% url %} with the admin site as the current application.
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert 'href="/admin/documents/document/"' in response.content.decode()


def test_only_plain_arguments_are_remembered():
    document = DocumentFactory()
    _remembered.cache_clear()
    rendered = Template("{% url 'documents:document-detail' document.slug %}").render(
        Context({"document": document})
    )
    assert _remembered.cache_info().currsize == 1
    assert rendered == document.get_absolute_url()  # remembered too (by keyword)
    remembered = _remembered.cache_info().currsize
    # A value whose place in the URL is not plainly its str() is worked out each time.
    context = Context({"when": datetime.date(2015, 4, 27)})
    assert Template("{% url 'documents:document-detail' when %}").render(context) == (
        "/documents/2015-04-27/"
    )
    assert _remembered.cache_info().currsize == remembered


# includes/areas.html as it was when the tag replaced it (the reference).
AREAS_TEMPLATE = (
    '{% if areas %}<ul class="tags" aria-label="Cooperation areas">{% for area in areas %}'
    '<li><a href="{{ area.get_absolute_url }}">{{ area.name }}</a></li>{% endfor %}</ul>'
    "{% endif %}\n"
)


@pytest.mark.parametrize(
    "names", [[], ["Cyberspace"], ['Space & "cyber" <defense>', "Japan's role", "Logistics"]]
)
def test_area_tags_are_the_templates_markup(names):
    from documents.models import CooperationArea
    from tests.factories import CooperationAreaFactory

    for name in names:
        CooperationAreaFactory(name=name)
    for areas in (list(CooperationArea.objects.order_by("name")), CooperationArea.objects.all()):
        context = Context({"areas": areas})
        expected = Template(AREAS_TEMPLATE).render(context)
        assert Template("{% area_tags areas %}").render(context) == expected
    assert "<defense>" not in expected and "\n" in expected


@pytest.mark.parametrize(
    "source",
    [
        "{% static 'css/site.css' %}",
        "{% static name %}",
        "{% static 'css/site.css' as link %}<link href='{{ link }}'>",
        "{% static 'odd name&.css' %}",
    ],
)
def test_the_static_tag_answers_as_djangos(source):
    context = {"name": "js/archive.js"}
    ours = Template(source).render(Context(context))
    theirs = DJANGO_ENGINE.from_string("{% load static %}" + source).render(Context(context))
    assert ours == theirs and "/static/" in ours


# The comparison's area menu as compare.html wrote it before area_options (the reference).
AREA_OPTIONS_TEMPLATE = (
    '{% for area in comparison.areas %}<option value="{{ area.slug }}"'
    "{% if comparison.area and comparison.area.pk == area.pk %} selected{% endif %}>"
    "{{ area.name }}</option>{% endfor %}"
)


@pytest.mark.parametrize("chosen", [None, 0, 1])
def test_a_comparisons_area_menu_is_the_templates_markup(chosen):
    from types import SimpleNamespace

    from tests.factories import CooperationAreaFactory

    areas = [
        CooperationAreaFactory(name='Space & "cyber" <defense>'),
        CooperationAreaFactory(name="Japan's role"),
    ]
    comparison = SimpleNamespace(areas=areas, area=None if chosen is None else areas[chosen])
    context = Context({"comparison": comparison})
    expected = Template(AREA_OPTIONS_TEMPLATE).render(context)
    ours = Template("{% load comparing %}{% area_options comparison %}").render(context)
    assert ours == expected and expected.count("<option") == 2
