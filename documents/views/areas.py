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
        "chart": charts.year_bars(entries, span=selectors.archive_span()),
    }
    return render(request, "documents/area_detail.html", context)


def timeline(request):
    form = TimelineForm(request.GET or None, with_area=True)
    filters = form.filters()
    area = form.cleaned_data.get("area") if form.is_valid() else None
    areas = selectors.areas_with_counts()
    selected = None
    if area is not None:
        selected = next(a for a in areas if a.pk == area.pk)
        selected = [selected, *selected.children.all()]
    entries = selectors.timeline(areas=selected, **filters)
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
