"""The /data/ page (what can be downloaded, with sizes and checksums) and the files."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from api import bulk


def data_page(request):
    manifest = bulk.read_manifest()
    context = {"manifest": manifest, "datasets": bulk.describe(manifest)}
    return render(request, "api/data.html", context)


def data_file(request, name):
    path = bulk.published_file(name)
    if path is None:
        raise Http404("No such file.")
    fmt = path.suffix.lstrip(".")
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=f"{bulk.MEDIA_TYPES[fmt]}; charset=utf-8",
        as_attachment=fmt != "json",
        filename=path.name,
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
