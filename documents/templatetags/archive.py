from django import template

register = template.Library()


@register.filter
def paragraphs(text):
    """Split plain text into paragraphs at blank lines."""
    if not text:
        return []
    return [
        block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()
    ]


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


@register.filter
def heading_level(section, top):
    """The HTML heading level of a section nested ``section.level`` deep under level ``top``."""
    return min(6, int(top) + section.level)
