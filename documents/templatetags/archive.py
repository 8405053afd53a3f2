from functools import lru_cache
from html import escape

from django import template
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags.static import StaticNode
from django.urls import NoReverseMatch
from django.utils.safestring import mark_safe

from documents.citations import absolute_url
from documents.models import pinpoint_name, sanitize_summary
from documents.reversing import remembered_url, url_context

register = template.Library()


class RememberedURLNode(URLNode):
    """Django's ``{% url %}`` with the answer remembered (``documents.reversing``): every
    page's menu and footer alone made ten trips through the URL resolver."""

    def render(self, context):
        try:
            url, escaped = remembered_url(
                self.view_name.resolve(context),
                [arg.resolve(context) for arg in self.args],
                {name: value.resolve(context) for name, value in self.kwargs.items()},
                url_context(getattr(context, "request", None)),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = escaped = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return escaped if context.autoescape else url


class ProjectStaticNode(StaticNode):
    """Django's ``{% static %}`` where django.contrib.staticfiles is always installed: the
    storage's URL (remembered by alliance.storage), without asking the app registry whether
    it is installed each time (three times a page)."""

    @classmethod
    def handle_simple(cls, path):
        return staticfiles_storage.url(path)


@register.tag
def static(parser, token):
    """``{% static %}``, as Django's (this library is a builtin: templates need no
    ``{% load static %}``, which would bring Django's back)."""
    return ProjectStaticNode.handle_token(parser, token)


@register.tag
def url(parser, token):
    """``{% url %}``, as Django's, remembered. This library is a builtin of the engine
    (settings.TEMPLATES), loaded after Django's own tags, so this one answers every template's
    ``{% url %}``, the admin's too."""
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.filter
def paragraphs(text):
    """Split plain text into paragraphs at blank lines."""
    if not text:
        return []
    return [
        block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()
    ]


@register.filter
def is_editorial_note(paragraph):
    """A paragraph wholly in square brackets is an editor's note about the text, not text
    ("[one line illegible in source extraction ...]"): the page shows it as such."""
    text = paragraph.strip()
    return text.startswith("[") and text.endswith("]") and "\n" not in text


@register.filter
def field_label(form, name):
    """The label of a form's field, for error lists ("From year: Enter a whole number.")."""
    field = form.fields.get(name)
    return field.label if field is not None and field.label else name


@register.simple_tag
def query_replace(request, **params):
    """The current query string with ``params`` replaced: keeps filters across pages."""
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = value
    return query.urlencode()


register.filter("pinpoint_name", pinpoint_name)


@register.filter
def heading_level(section, top):
    """The HTML heading level of a section nested ``section.level`` deep under level ``top``."""
    return min(6, int(top) + section.level)


@register.filter
def summary_html(summary):
    """A document's summary: sanitized markup (again, as well as on save), in paragraphs."""
    return mark_safe(_summary_html(summary or ""))  # noqa: S308 - nh3 removed all but a few tags


@lru_cache(maxsize=1024)
def _summary_html(summary):
    # The same text gives the same markup: sanitized once per process, not once a page.
    return "".join(f"<p>{sanitize_summary(block)}</p>" for block in paragraphs(summary))


@register.simple_tag(takes_context=True)
def absolute(context, path):
    """The absolute URL of ``path`` (ALLIANCE_SITE_URL when set), for print and short links."""
    return absolute_url(context.get("request"), path)


# A document as one line of a list (the document list, home, an organization's, a series',
# an event's and a reader's related documents): written in Python rather than included as a
# template, since a list page renders up to 25 and each include cost ~70 µs (~10 µs here).
# tests/documents/test_templatetags.py holds the markup it must give, byte for byte.
AREA_TAG = '<li><a href="{url}">{name}</a></li>'


@register.simple_tag
def area_tags(areas):
    """A list of cooperation areas, each linked to its page (what includes/areas.html was,
    included once per section, quote and event of a page: the same bytes, trailing line
    end included)."""
    if not areas:
        return "\n"
    tags = "".join(
        AREA_TAG.format(url=escape(area.get_absolute_url()), name=escape(area.name))
        for area in areas
    )
    return mark_safe(  # noqa: S308 - every value escaped
        f'<ul class="tags" aria-label="Cooperation areas">{tags}</ul>\n'
    )


DOCUMENT_ITEM = (
    '<li class="document-item">\n'
    '  <a href="{url}">{title}</a>\n'
    '  <span class="meta">{kind} · <time datetime="{iso_date}">{date}</time>{not_held}</span>\n'
    "</li>\n"
)


@register.simple_tag
def document_item(document):
    """``document``'s line in a list: its title linked, its kind and date, and whether the
    archive holds only its record (DocumentQuerySet.for_list_items reads just these).

    Its values are plain strings from the database, escaped as Django's ``escape`` does
    (``html.escape``) without the lazy-string wrapper that made ``format_html`` half the
    line's time."""
    return mark_safe(  # noqa: S308 - every value escaped
        DOCUMENT_ITEM.format(
            url=escape(document.get_absolute_url()),
            title=escape(document.title),
            kind=escape(document.get_kind_display()),
            # |date:"Y-m-d" (Django's filter took a third of the line's time)
            iso_date=document.date.isoformat() if document.date else "",
            date=escape(document.display_date),
            not_held="" if document.text_held else " · record only, text not held",
        )
    )
