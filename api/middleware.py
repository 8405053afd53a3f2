"""CORS for the open data: any origin may GET the API and the bulk files (no credentials, so
nothing of a signed-in session leaks); it is added outside the page cache, so cached answers
carry it too."""

from django.conf import settings

OPEN_PREFIXES = ("/api/", "/data/")


def cors_open_for_get(get_response):
    def middleware(request):
        if not request.path.startswith(OPEN_PREFIXES):
            return get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            from django.http import HttpResponse

            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = str(settings.API_CORS_MAX_AGE)
        else:
            response = get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After, Link"
        return response

    return middleware
