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
class Milestone:
    year: int
    x: float
    title: str
    display_date: str
    url: str


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
    span = last - first
    step = 1 if span <= 10 else 2 if span <= 20 else 5 if span <= 40 else 10
    start = first + (-first % step)
    return [Tick(year, x_of(year)) for year in range(start, last + 1, step)]


def _milestones(entries, x_of):
    return [
        Milestone(e.date.year, x_of(e.date.year), e.title, e.display_date, e.url)
        for e in entries
        if e.kind == "event"
    ]


def year_bars(entries):
    """Bars of entries per year (events drawn as milestones), on an axis that spans the
    entries shown and no more; None when there is nothing to draw."""
    counts = Counter(entry.date.year for entry in entries if entry.kind != "event")
    years = {entry.date.year for entry in entries}
    if not years:
        return None
    first, last = _year_span(years)
    slot = (WIDTH - 2 * MARGIN) / (last - first + 1)
    peak = max(counts.values(), default=1)

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
        "milestones": _milestones(entries, x_of),
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
        if entry.kind == "event":
            continue
        for top_pk in {top_of[a.pk].pk for a in entry.all_areas if a.pk in top_of}:
            per_lane[top_pk][entry.date.year] += 1
            years.add(entry.date.year)
    years.update(entry.date.year for entry in entries if entry.kind == "event")
    if not years:
        return None
    first, last = _year_span(years)
    plot_width = WIDTH + LABEL_WIDTH - MARGIN
    slot = (plot_width - LABEL_WIDTH - MARGIN) / (last - first + 1)
    peak = max((max(c.values(), default=0) for c in per_lane.values()), default=0) or 1

    def x_of(year):
        return round(LABEL_WIDTH + (year - first) * slot + slot / 2, 1)

    lanes = []
    marks = _milestones(entries, x_of)
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
    milestone_y = len(lanes) * LANE_HEIGHT + LANE_HEIGHT / 2
    rows = len(lanes) + (1 if marks else 0)
    return {
        "width": plot_width,
        "height": rows * LANE_HEIGHT + 24,
        "plot_bottom": rows * LANE_HEIGHT,
        "milestones": marks,
        "milestone_y": milestone_y,
        "label_width": LABEL_WIDTH,
        # The plot alone (the label area left out, a margin for the first year's dot): on a
        # phone each lane is drawn in it as a strip under its name (timeline_lanes.html).
        "strip_x": LABEL_WIDTH - MARGIN // 2,
        "strip_width": plot_width - LABEL_WIDTH + MARGIN // 2,
        "lanes": lanes,
        "ticks": _ticks(first, last, x_of),
        "first": first,
        "last": last,
    }
