"""The search page's filter menus, written in Python: a search page shows five of them, with
a count beside each of their ~100 options, and through the template loop they were about
half of the page's rendering. The same bytes as the loop they replaced
(tests/search/test_templatetags.py keeps it as the reference)."""

from django import template
from django.utils.safestring import mark_safe

from documents.forms import shown

register = template.Library()


@register.simple_tag
def search_filter(view):
    """One filter (presenters.FilterView): checkboxes in a fieldset, or a select, each
    choice with the count of matches it gives."""
    name, label = shown(view.name), shown(view.label)
    html = []
    if view.widget == "checkboxes":
        html.append(f"\n  <fieldset><legend>{label}</legend><div>\n    ")
        for choice in view.choices:
            html.append(
                f'<label><input type="checkbox" name="{name}" value="{shown(choice.value)}"'
                f"{' checked' if choice.selected else ''}> {shown(choice.label)}"
            )
            if choice.count is not None:
                html.append(f' <span class="count">({shown(choice.count)})</span>')
            html.append("</label>")
        html.append("\n  </div></fieldset>\n  ")
    else:
        html.append(
            f'\n  <p><label for="id_{name}">{label}</label><select id="id_{name}" name="{name}">'
            f'\n    <option value="">{shown(view.empty_label)}</option>\n    '
        )
        for choice in view.choices:
            html.append(
                f'<option value="{shown(choice.value)}"{" selected" if choice.selected else ""}>'
                f"{shown(choice.label)}"
            )
            if choice.count is not None:
                html.append(f" ({shown(choice.count)})")
            html.append("</option>")
        html.append("\n  </select></p>\n  ")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
