"""Server-rendered SVG overviews of a timeline: bars of entries per year, and one lane per
area. Geometry is computed here; the templates only draw it (no JavaScript needed)."""

from collections import Counter
from dataclasses import dataclass

WIDTH = 720
BAR_HEIGHT = 80
LANE_HEIGHT = 22
LABEL_WIDTH = 300
MARGIN = 20


@dataclass
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Tick:
    year: int
    x: float


@dataclass
class Dot:
    year: int
    count: int
    cx: float
    r: float


@dataclass
class Lane:
    name: str
    url: str
    y: float
    dots: list
    total: int


def _year_span(years):
    first, last = min(years), max(years)
    return first, max(last, first + 1)


def _ticks(first, last, x_of):
    step = 5 if last - first <= 40 else 10
    start = first + (-first % step)
    return [Tick(year, x_of(year)) for year in range(start, last + 1, step)]


def year_bars(entries, span=None):
    """Bars of entries per year over ``span`` (first, last year; default: the entries' own);
    None when there is nothing to draw."""
    counts = Counter(entry.date.year for entry in entries)
    if not counts:
        return None
    first, last = _year_span([*counts, *(span or ())])
    slot = (WIDTH - 2 * MARGIN) / (last - first + 1)
    peak = max(counts.values())

    def x_of(year):
        return round(MARGIN + (year - first) * slot + slot / 2, 1)

    bars = []
    for year, count in sorted(counts.items()):
        height = round(max(2, BAR_HEIGHT * count / peak), 1)
        bars.append(
            Bar(
                year,
                count,
                round(x_of(year) - slot * 0.4, 1),
                round(BAR_HEIGHT - height, 1),
                round(max(slot * 0.8, 1.5), 1),
                height,
            )
        )
    return {
        "width": WIDTH,
        "height": BAR_HEIGHT + 24,
        "baseline": BAR_HEIGHT,
        "bars": bars,
        "ticks": _ticks(first, last, x_of),
        "first": first,
        "last": last,
        "rows": sorted(counts.items()),
    }


def area_lanes(entries, areas):
    """One lane per top-level area, a dot per year sized by the number of entries."""
    top_of = {}
    for area in areas:
        top_of[area.pk] = area
        for child in area.children.all():
            top_of[child.pk] = area
    per_lane = {area.pk: Counter() for area in areas}
    years = set()
    for entry in entries:
        for top_pk in {top_of[a.pk].pk for a in entry.areas if a.pk in top_of}:
            per_lane[top_pk][entry.date.year] += 1
            years.add(entry.date.year)
    if not years:
        return None
    first, last = _year_span(years)
    plot_width = WIDTH + LABEL_WIDTH - MARGIN
    slot = (plot_width - LABEL_WIDTH - MARGIN) / (last - first + 1)
    peak = max(max(c.values(), default=0) for c in per_lane.values())

    def x_of(year):
        return round(LABEL_WIDTH + (year - first) * slot + slot / 2, 1)

    lanes = []
    for index, area in enumerate(a for a in areas if per_lane[a.pk]):
        counts = per_lane[area.pk]
        dots = [
            Dot(year, n, x_of(year), round(2.5 + 6.5 * (n / peak) ** 0.5, 1))
            for year, n in sorted(counts.items())
        ]
        lanes.append(
            Lane(
                area.name,
                area.get_absolute_url(),
                index * LANE_HEIGHT + LANE_HEIGHT / 2,
                dots,
                sum(counts.values()),
            )
        )
    return {
        "width": plot_width,
        "height": len(lanes) * LANE_HEIGHT + 24,
        "plot_bottom": len(lanes) * LANE_HEIGHT,
        "label_width": LABEL_WIDTH,
        "lanes": lanes,
        "ticks": _ticks(first, last, x_of),
        "first": first,
        "last": last,
    }
