"""Cooperation areas, the overall timeline and events."""

from django.shortcuts import render
from django.template.loader import get_template

from documents import selectors
from documents.forms import TimelineForm
from documents.views import fragments


def area_list(request):
    # The tree of areas with their counts, rendered once per archive generation.
    return render(request, "documents/area_list.html", {"tree": fragments.area_tree(describe=True)})


def area_detail(request, slug):
    area = selectors.area_with_subareas(slug=slug)  # an old slug: Moved → 301
    form = TimelineForm(request.GET or None)
    areas = [area, *area.children.all()]
    context = {
        "area": area,
        "form": form,
        "filters": _filters("area", form),
        # The bars per year and the entries, rendered once per archive generation.
        "timeline": fragments.timeline(areas=areas, overview="bars", **form.filters()),
    }
    return render(request, "documents/area_detail.html", context)


def area_story(request, slug):
    area = selectors.area_with_subareas(slug=slug)
    # The story (selectors.area_story), rendered once per archive generation.
    story = fragments.area_story(area=area)
    return render(request, "documents/area_story.html", {"area": area, "story": story})


def timeline(request):
    form = TimelineForm(request.GET or None, with_area=True)
    area = form.area()
    selected = None if area is None else [area, *area.children.all()]
    context = {
        "form": form,
        "filters": _filters("timeline", form),
        # The lanes per area and the entries, rendered once per archive generation.
        "timeline": fragments.timeline(areas=selected, overview="lanes", **form.filters()),
    }
    return render(request, "documents/timeline.html", context)


def _filters(name, form):
    template = get_template("includes/timeline_filters.html")
    return fragments.filter_form(name, lambda: template.render({"form": form}), bound=form.is_bound)


def event_detail(request, slug):
    event = selectors.get_event(slug=slug)
    documents = selectors.event_documents(event=event)
    return render(request, "documents/event_detail.html", {"event": event, "documents": documents})
