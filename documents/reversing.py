"""``reverse()`` remembered: the archive's pages build the same few thousand URLs (every
section's permalink, every document's) on every request; working each one out again through
the URL resolver was a large share of an uncached page's time.

A drop-in for ``django.urls.reverse`` with keyword arguments. The answer depends only on the
URL name, the arguments, the URLconf and the script prefix, which are all in the key, so it
is never stale; the memory is bounded (least recently used out).
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse


def reverse(viewname, *, kwargs=None):
    return reverser()(viewname, kwargs=kwargs)


def reverser():
    """``reverse`` for the many URLs of one response, used while it is made: the script
    prefix and URLconf (each a read of a context-local variable) are read once, not once a
    URL."""
    context = (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)

    def reverse_many(viewname, *, kwargs=None):
        items = tuple(sorted(kwargs.items())) if kwargs else ()
        return _reverse(viewname, items, *context)

    return reverse_many


@lru_cache(maxsize=65536)
def _reverse(viewname, items, prefix, urlconf, root_urlconf):
    return django_reverse(viewname, urlconf=urlconf, kwargs=dict(items))
