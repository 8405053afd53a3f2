"""The archive's generation: a number that changes whenever anything in the archive does.
Cached pages are keyed by it, so an editor's save makes them all stale at once.

With a shared cache (Redis) the generation lives in the cache. With each process's own
local-memory cache it lives in the database (one single-row read per cached page), since a
save handled by one app server process must make every other process's pages stale too.
"""

import time

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "archive:generation"


def shared_cache():
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def archive_generation():
    """The current generation (a nanosecond timestamp of the last change)."""
    if not shared_cache():
        from documents.models import ArchiveGeneration

        value = ArchiveGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
        return value or 0
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY, 0)
    return generation


def bump_generation(sender=None, **kwargs):
    if sender is not None and sender._meta.label in ("documents.ArchiveGeneration",):
        return
    if shared_cache():
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
        return
    from documents.models import ArchiveGeneration

    updated = ArchiveGeneration.objects.filter(pk=1).update(value=time.time_ns())
    if not updated:
        ArchiveGeneration.objects.get_or_create(pk=1, defaults={"value": time.time_ns()})
