"""The search page's filter menus written in Python: the same bytes as the template loop
they replaced, escaping and localized counts included."""

import pytest
from django.template import Context, Template

from search.presenters import Choice, FilterView

# The loop body of search/search.html as it was when the tag replaced it (the reference).
REFERENCE = """{% for filter in filters %}
  {% if filter.widget == "checkboxes" %}
  <fieldset><legend>{{ filter.label }}</legend><div>
    {% for choice in filter.choices %}<label><input type="checkbox" name="{{ filter.name }}" value="{{ choice.value }}"{% if choice.selected %} checked{% endif %}> {{ choice.label }}{% if choice.count is not None %} <span class="count">({{ choice.count }})</span>{% endif %}</label>{% endfor %}
  </div></fieldset>
  {% else %}
  <p><label for="id_{{ filter.name }}">{{ filter.label }}</label><select id="id_{{ filter.name }}" name="{{ filter.name }}">
    <option value="">{{ filter.empty_label }}</option>
    {% for choice in filter.choices %}<option value="{{ choice.value }}"{% if choice.selected %} selected{% endif %}>{{ choice.label }}{% if choice.count is not None %} ({{ choice.count }}){% endif %}</option>{% endfor %}
  </select></p>
  {% endif %}
  {% endfor %}"""  # noqa: E501

VIEWS = [
    FilterView(
        "kind",
        "Kind",
        "checkboxes",
        [
            Choice("guidelines", "Guidelines", 12, True),
            Choice("joint-statement", "Joint statement", None, False),
            Choice('a"b', "<Tom> & Jerry's", 1234567, False),
        ],
    ),
    FilterView(
        "area",
        "Cooperation <area>",
        "select",
        [
            Choice("space", "Space & cyberspace", 3, False),
            Choice("cyber", "Cyber (in Space)", 0, True),
            Choice("x&y", '"Quoted"', None, False),
        ],
        empty_label="Any <area>",
    ),
    FilterView("official", "Official quoted", "select", [], empty_label="Anyone"),
    FilterView("document", "Document", "checkboxes", []),
]


@pytest.mark.parametrize("thousands", [False, True])
def test_the_filter_menus_are_the_templates_markup(settings, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    context = Context({"filters": VIEWS})
    expected = Template(REFERENCE).render(context)
    loop = "{% for filter in filters %}\n  {% search_filter filter %}\n  {% endfor %}"
    ours = Template("{% load searching %}" + loop).render(context)
    assert ours == expected
    assert "&lt;Tom&gt; &amp; Jerry&#x27;s" in ours and " checked>" in ours and " selected>" in ours


# The results' loop of search/search.html as it was when search_hit replaced it.
HITS_REFERENCE = """{% for hit in hits %}
    <li class="entry entry-{{ hit.kind }}">
      <span class="entry-kind">{{ hit.kind_label }}</span>
      <a href="{{ hit.url }}">{% if hit.shows_pinpoint %}{{ hit.pinpoint }} {% endif %}{{ hit.title_html }}</a>
      {% if hit.kind != "document" %}<span class="meta">in <a href="{{ hit.document.get_absolute_url }}">{{ hit.document }}</a></span>{% endif %}
      <span class="meta">{{ hit.document.display_date }}</span>
      {% if hit.snippet %}<p>{{ hit.snippet_html }}</p>{% endif %}
    </li>
  {% endfor %}"""  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize("words", ["defense", "alliance coordination", '"Japan & the"'])
def test_search_hits_are_the_templates_markup(words):
    from search.engine import search
    from search.presenters import present
    from tests.factories import DocumentFactory, SectionFactory

    document = DocumentFactory(title='Defense <"cooperation"> & Japan\'s role')
    SectionFactory(document=document, heading="Alliance coordination", body="Japan & the U.S.")
    SectionFactory(document=document, heading="", body="Defense of Japan & the alliance.")
    hits = present(search(words, filters={})).hits
    assert hits
    context = Context({"hits": hits})
    ours = Template("{% load searching %}{% for hit in hits %}{% search_hit hit %}{% endfor %}")
    assert ours.render(context) == Template(HITS_REFERENCE).render(context)
