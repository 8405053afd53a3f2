"""Project-wide middleware: security headers Django does not set, and the public page cache."""

import hashlib

from django.conf import settings
from django.utils.http import http_date

from documents.cache import archive_generation

# Paths never served from the page cache. (/data/ reads the bulk files' manifest, which a
# background build rewrites just after the archive changes.)
UNCACHED_PREFIXES = ("/healthz", "/readyz", "/static/", "/data/")


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


class PublicPageCacheMiddleware:
    """Cache public pages whole for anonymous readers until the archive changes.

    The cache key includes the archive's generation, which every save of an archive object
    advances (documents/cache.py), so publishing, withdrawing or correcting anything makes
    every cached page stale at once — on every app server, when the cache is Redis. Pages also
    carry ``Last-Modified`` (the generation's time), so ConditionalGetMiddleware answers
    revalidations with 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        from django.core.cache import cache

        generation = archive_generation()
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{generation}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if generation:
            response.headers.setdefault("Last-Modified", http_date(generation / 1e9))
        response.headers.setdefault("Cache-Control", "public, max-age=0, must-revalidate")
        if self.cacheable_response(response):
            # Headers added by outer middleware (CSP, security) are added again on each hit.
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def cacheable_request(request):
        if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
            return False
        path = request.path
        if path.startswith(UNCACHED_PREFIXES) or path.startswith("/" + settings.ADMIN_URL):
            return False
        # Signed-in staff may see draft previews: never cache for anyone with a session.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def cacheable_response(response):
        return (
            response.status_code in (200, 301, 404, 410)
            and not response.streaming
            and not response.cookies
            and "private" not in response.headers.get("Cache-Control", "")
        )
