"""Presenting a comparison: word diffs as <del>/<ins> with text markers, so the difference
reads without colour (and in a plain-text copy): [−removed words] [+added words]."""

from html import escape  # the standard library's: Django's lazy-aware one costs 5x here

from django import template
from django.utils.safestring import mark_safe

from documents.cache import read_only_for_generation

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
    "headings": "Headings only",
    "new": "New",
    "dropped": "Dropped",
    "merged": "Merged",
    "split": "Split",
}


@register.filter
def status_label(status):
    return STATUS_LABELS.get(status, status)


# The rows are built with the standard library's escape and plain strings: a comparison has
# hundreds of rows, and Django's format_html costs ten times as much per piece.


def _side(document, section, name, label):
    if section is None:
        return (
            f'<div class="compare-side compare-{name}"><p class="compare-none">'
            f"Not in {escape(str(document))}</p></div>"
        )
    heading = f" {escape(section.heading)}" if section.heading else ""
    return (
        f'<div class="compare-side compare-{name}"><p class="compare-section">'
        f'<span class="visually-hidden">{escape(str(document))}, </span>'
        f'<a href="{escape(section.get_absolute_url())}">{escape(label)} § '
        f"{escape(section.pinpoint)}</a>{heading}</p></div>"
    )


def _status(row, earlier, later):
    label = STATUS_LABELS.get(row.status, row.status)
    if row.status in ("new", "dropped") and later.date < earlier.date:
        # Compared backwards in time (Comparison.backwards): say where the section is.
        only = later if row.status == "new" else earlier
        return f'<p class="compare-status"><strong>Only</strong> in {escape(str(only))}</p>'
    where = {
        "new": f" in {escape(str(later))}",
        "dropped": f" from {escape(str(earlier))}",
        "changed": f" ({row.similarity}% alike)",
        "headings": (
            " (no text on either side; the same heading)"
            if not row.heading_diff
            else " (no text on either side; the heading reworded)"
        ),
    }.get(row.status, "")
    # A section whose text another section carries, or supplies; that one has its own pair.
    if row.status == "merged":
        where = f" into {_named(later, row.later)}, which is paired with another section"
    elif row.status == "split":
        where = f" from {_named(earlier, row.earlier)}, which is paired with another section"
    notes = ""
    if row.moved:
        notes += ' · <span class="compare-moved">moved</span>'
    if row.corrected == "confirm":
        notes += ' · <span class="compare-confirmed">pair confirmed by an editor</span>'
    elif row.corrected == "pair":
        notes += ' · <span class="compare-confirmed">paired by an editor</span>'
    elif row.corrected in ("merge", "split"):
        notes += ' · <span class="compare-confirmed">an editor’s reading</span>'
    status = f'<p class="compare-status"><strong>{label}</strong>{where}{notes}</p>'
    if row.note:
        # Why the editor made, confirmed, merged or split the pair, or left a section without
        # a counterpart (the texts quoted), folded.
        status += _details("The editor’s note", f"<p>{escape(row.note)}</p>", "compare-note")
    return status


def _named(document, section):
    return f"{escape(str(document))} § {escape(section.pinpoint)}"


def _details(summary, html, kind="compare-text", body="diff-body"):
    inner = f'<div class="{body}">{html}</div>' if body else html
    return f'<details class="{kind}"><summary>{summary}</summary>{inner}</details>'


def word_diff_html(parts, earlier, later):
    """A body's word diff twice: side by side (the earlier text with its removed words beside
    the later with its added ones), shown on a wide screen, where the comparison has the width
    of two columns; and as one text with both marked, shown on a phone (where two texts
    stacked would be read twice) and in print. The stylesheet shows one of the two. Built in
    one pass, each piece escaped once: the word diffs are most of a comparison's rendering.
    The one text is what ``diff_markup`` gives."""
    old, new, merged = [], [], []
    for op, text in parts or ():
        text = escape(text)
        if op not in MARKERS or not text.strip():
            if op != "ins":
                old.append(text)
            if op != "del":
                new.append(text)
                merged.append(text)
            continue
        opening, closing = MARKERS[op]
        marked = f"{opening}{text}{closing}"
        (old if op == "del" else new).append(marked)
        merged.append(marked)
    return (
        '<div class="diff-split">'
        f'<div class="diff-body diff-earlier"><span class="visually-hidden">'
        f"{escape(str(earlier))}: </span>{''.join(old)}</div>"
        f'<div class="diff-body diff-later"><span class="visually-hidden">'
        f"{escape(str(later))}: </span>{''.join(new)}</div></div>"
        f'<div class="diff-body diff-merged">{"".join(merged)}</div>'
    )


def _text(row, earlier, later):
    if row.status == "headings":
        if row.heading_diff:
            return f'<p class="compare-heading-diff">Heading: {diff_markup(row.heading_diff)}</p>'
        return ""
    if row.status in ("merged", "split"):
        # The section's own text (the other one's is on its partner's row).
        section = row.earlier if row.status == "merged" else row.later
        return _details("Text", escape(section.body)) if section.body else ""
    if row.status == "changed":
        text = ""
        if row.heading_diff:
            text += f'<p class="compare-heading-diff">Heading: {diff_markup(row.heading_diff)}</p>'
        if row.body_diff:
            text += _details(
                "Text, word by word",
                word_diff_html(row.body_diff, earlier, later),
                "compare-text",
                body="",
            )
        return text
    section = row.earlier if row.status == "dropped" else row.later
    if section is None or not section.body:
        return ""
    summary = "Text (the same in both)" if row.status == "kept" else "Text"
    return _details(summary, escape(section.body))


@register.simple_tag
def area_options(comparison):
    """The comparison's menu of areas, the one it is filtered to selected (a template loop
    had three nodes per area)."""
    chosen = comparison.area.pk if comparison.area else None
    return mark_safe(  # noqa: S308 - every text escaped
        "".join(
            f'<option value="{escape(area.slug)}"{" selected" if area.pk == chosen else ""}>'
            f"{escape(area.name)}</option>"
            for area in comparison.areas
        )
    )


@register.simple_tag
def comparison_rows(comparison):
    """The rows of a comparison as HTML list items (every text escaped). Built here rather
    than in a template loop: a 300-section comparison renders in milliseconds, not hundreds;
    and kept until the archive changes (the same for every reader: links are paths)."""
    area = comparison.area
    name = f"compare-rows:{comparison.earlier.pk}:{comparison.later.pk}:{area.pk if area else ''}"
    html = read_only_for_generation(name, lambda: _rows_html(comparison))
    return mark_safe(html)  # noqa: S308 - every text in the items is escaped


def _rows_html(comparison):
    earlier, later = comparison.earlier, comparison.later
    earlier_label = earlier.edition_label or str(earlier)
    later_label = later.edition_label or str(later)
    items = [
        f'<li class="compare-row compare-{row.status}" id="{escape(row.anchor)}">'
        f"{_status(row, earlier, later)}"
        f'<div class="compare-sides">{_side(earlier, row.earlier, "earlier", earlier_label)}'
        f"{_side(later, row.later, 'later', later_label)}</div>{_text(row, earlier, later)}</li>"
        for row in comparison.rows
    ]
    return "\n".join(items)
