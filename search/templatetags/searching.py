"""The search page's filter menus and its results' lines, written in Python: a search page
shows five menus, with a count beside each of their ~100 options, and through the template
loop they were about half of the page's rendering. The same bytes as the loops they replaced
(tests/search/test_templatetags.py keeps them as the reference)."""

from django import template
from django.utils.safestring import mark_safe

from documents.forms import shown

register = template.Library()

BOX_COUNT = ' <span class="count">({})</span>'
OPTION_COUNT = " ({})"


@register.simple_tag
def search_filter(view):
    """One filter (presenters.FilterView): checkboxes in a fieldset, or a select, each
    choice with the count of matches it gives."""
    name, label = shown(view.name), shown(view.label)
    if view.widget == "checkboxes":
        boxes = "".join(
            f'<label><input type="checkbox" name="{name}" value="{shown(choice.value)}"'
            f"{' checked' if choice.selected else ''}> {shown(choice.label)}"
            f"{_count(choice, BOX_COUNT)}</label>"
            for choice in view.choices
        )
        html = f"\n  <fieldset><legend>{label}</legend><div>\n    {boxes}\n  </div></fieldset>\n  "
    else:
        options = "".join(
            f'<option value="{shown(choice.value)}"{" selected" if choice.selected else ""}>'
            f"{shown(choice.label)}{_count(choice, OPTION_COUNT)}</option>"
            for choice in view.choices
        )
        html = (
            f'\n  <p><label for="id_{name}">{label}</label><select id="id_{name}" name="{name}">'
            f'\n    <option value="">{shown(view.empty_label)}</option>\n    {options}'
            "\n  </select></p>\n  "
        )
    return mark_safe(html)  # noqa: S308 - every value above is escaped


def _count(choice, markup):
    """The choice's count in ``markup`` ("" when it has none)."""
    return "" if choice.count is None else markup.format(shown(choice.count))


HIT = (
    '\n    <li class="entry entry-{kind}">'
    '\n      <span class="entry-kind">{kind_label}</span>'
    '\n      <a href="{url}">{pinpoint}{title}</a>'
    "\n      {within}"
    '\n      <span class="meta">{date}</span>'
    "\n      {snippet}"
    "\n    </li>\n  "
)


@register.simple_tag
def search_hit(hit):
    """One result (presenters.HitView): what it is, its title linked (a section's with its
    pinpoint), the document it is in, the document's date and the matched passage."""
    document = hit.document
    within = ""
    if hit.kind != "document":
        within = (
            f'<span class="meta">in <a href="{shown(document.get_absolute_url())}">'
            f"{shown(str(document))}</a></span>"
        )
    return mark_safe(  # noqa: S308 - every value escaped, or safe markup of the presenters
        HIT.format(
            kind=shown(hit.kind),
            kind_label=shown(hit.kind_label),
            url=shown(hit.url),
            pinpoint=f"{shown(hit.pinpoint)} " if hit.shows_pinpoint else "",
            title=shown(hit.title_html),
            within=within,
            date=shown(document.display_date),
            snippet=f"<p>{shown(hit.snippet_html)}</p>" if hit.snippet else "",
        )
    )
