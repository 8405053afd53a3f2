"""The archive's generation: a number that changes whenever anything in the archive does.
Cached pages are keyed by it, so an editor's save makes them all stale at once."""

import time

from django.core.cache import cache

GENERATION_KEY = "archive:generation"


def archive_generation():
    """The current generation (a nanosecond timestamp of the last change)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def bump_generation(**kwargs):
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
