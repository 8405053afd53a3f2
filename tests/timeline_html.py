"""Read a timeline page's entries back from its HTML (the entries are rendered once per archive
generation, so tests read what the reader reads rather than the view's context)."""

import re

_ENTRY = re.compile(
    r'<li class="entry entry-(\w+)" data-kind="\w+">\s*<span class="entry-kind">.*?</span>'
    r'\s*<time datetime="([^"]*)">.*?</time>\s*<a href="([^"]+)">(.*?)</a>',
    re.DOTALL,
)
_SECTION = re.compile(r'<li class="entry entry-section" data-kind="section"><a href="([^"]+)">')


def entries(html):
    """The top-level entries in page order, as (kind, url, title)."""
    return [(kind, url, title) for kind, _date, url, title in _ENTRY.findall(html)]


def entry_dates(html):
    return [date for _kind, date, _url, _title in _ENTRY.findall(html)]


def nested_sections(html):
    """The URLs of the sections nested under their documents, in page order."""
    return _SECTION.findall(html)


def years(html):
    return [int(year) for year in re.findall(r'<section class="timeline-year" id="y(\d+)"', html)]


def count(html):
    """The number of entries the page says it shows."""
    return int(re.search(r"<span data-timeline-count>(\d+)</span>", html).group(1))
