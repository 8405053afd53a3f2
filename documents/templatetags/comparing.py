"""Presenting a comparison: word diffs as <del>/<ins> with text markers, so the difference
reads without colour (and in a plain-text copy): [−removed words] [+added words]."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

MARKERS = {
    "del": ('<del><span class="diff-mark">[−</span>', '<span class="diff-mark">]</span></del>'),
    "ins": ('<ins><span class="diff-mark">[+</span>', '<span class="diff-mark">]</span></ins>'),
}


@register.filter
def diff_markup(parts):
    """[(op, text)] from ``word_diff`` as escaped HTML. Whitespace-only changes stay plain."""
    out = []
    for op, text in parts or ():
        if op in MARKERS and text.strip():
            opening, closing = MARKERS[op]
            out.append(f"{opening}{escape(text)}{closing}")
        elif op != "del":
            out.append(escape(text))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


STATUS_LABELS = {
    "kept": "Unchanged",
    "changed": "Changed",
    "new": "New",
    "dropped": "Dropped",
}


@register.filter
def status_label(status):
    return STATUS_LABELS.get(status, status)
