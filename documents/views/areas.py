"""Cooperation areas, the overall timeline and events."""

from django.shortcuts import render

from documents import charts, selectors
from documents.forms import TimelineForm


def area_list(request):
    return render(request, "documents/area_list.html", {"areas": selectors.areas_with_counts()})


def area_detail(request, slug):
    area = selectors.area_with_subareas(slug=slug)  # an old slug: Moved → 301
    form = TimelineForm(request.GET or None)
    entries = selectors.timeline(areas=[area, *area.children.all()], **form.filters())
    context = {
        "area": area,
        "form": form,
        "entries": entries,
        "years": selectors.group_by_year(entries),
        "chart": charts.year_bars(entries),
    }
    return render(request, "documents/area_detail.html", context)


def area_story(request, slug):
    area = selectors.area_with_subareas(slug=slug)
    story = selectors.area_story(area=area)
    return render(request, "documents/area_story.html", {"area": area, "story": story})


def timeline(request):
    form = TimelineForm(request.GET or None, with_area=True)
    area = form.area()
    selected = None if area is None else [area, *area.children.all()]
    entries = selectors.timeline(areas=selected, **form.filters())
    areas = selectors.areas_with_counts()
    context = {
        "form": form,
        "entries": entries,
        "years": selectors.group_by_year(entries),
        "lanes": charts.area_lanes(entries, areas),
    }
    return render(request, "documents/timeline.html", context)


def event_detail(request, slug):
    event = selectors.get_event(slug=slug)
    documents = selectors.event_documents(event=event)
    return render(request, "documents/event_detail.html", {"event": event, "documents": documents})
