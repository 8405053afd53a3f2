"""``reverse()`` remembered: the archive's pages build the same few thousand URLs (every
section's permalink, every document's, the site's menu on every page) on every request;
working each one out again through the URL resolver was a large share of an uncached page's
time.

A drop-in for ``django.urls.reverse`` with keyword arguments, and for the ``{% url %}`` tag
(``remembered_url``). The answer depends only on the URL name, the arguments, the current
application, the URLconf and the script prefix, which are all in the key, so it is never
stale; the memory is bounded (least recently used out).
"""

from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import escape


def reverse(viewname, *, kwargs=None):
    items = tuple(sorted(kwargs.items())) if kwargs else ()
    return _remembered(viewname, (), items, (None, *_where()))[0]


def reverser():
    """``reverse`` for the many URLs of one response, used while it is made: the script
    prefix and URLconf (each a read of a context-local variable) are read once, not once a
    URL."""
    context = (None, *_where())

    def reverse_many(viewname, *, kwargs=None):
        items = tuple(sorted(kwargs.items())) if kwargs else ()
        return _remembered(viewname, (), items, context)[0]

    return reverse_many


# The script prefix and URLconf of the request being answered, read once when it starts
# (``request_scope``, alliance.middleware.url_scope): a page's models build dozens of URLs,
# and each read of Django's two context-local variables cost more than the remembered URL.
_scoped = ContextVar("alliance_url_where", default=None)


def _where():
    return _scoped.get() or _read_where()


def _read_where():
    return (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)


def request_scope():
    """Read where URLs point for the rest of this request (until ``end_request_scope``).
    Django has set both already: the prefix from the request, the URLconf before any
    middleware runs."""
    return _scoped.set(_read_where())


def end_request_scope(token):
    _scoped.reset(token)


# Argument types whose place in a URL is their ``str()``: a value of any other type (a
# model instance, a date) goes to Django's reverse() each time, as before.
_PLAIN = (str, int)


def url_context(request):
    """What a ``{% url %}`` answer depends on besides the name and the arguments: the current
    application (found as Django's tag finds it), the script prefix and the URLconf. All are
    fixed once a request is resolved, so they are read once per request, not once a URL."""
    try:
        return request.alliance_url_context
    except AttributeError:
        pass
    try:
        current_app = request.current_app
    except AttributeError:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    context = (current_app, *_where())
    if getattr(request, "resolver_match", None) is not None:
        request.alliance_url_context = context
    return context


def remembered_url(viewname, args, kwargs, context):
    """``(url, url escaped for HTML)`` for ``reverse(viewname, args=args, kwargs=kwargs)`` in
    ``context`` (``url_context``), remembered when every argument is a plain string or whole
    number (as every URL of the archive's templates is)."""
    values = (*args, *kwargs.values())
    if isinstance(viewname, str) and all(type(value) in _PLAIN for value in values):
        return _remembered(viewname, tuple(args), tuple(sorted(kwargs.items())), context)
    return _answer(viewname, args, kwargs, context)


def _answer(viewname, args, kwargs, context):
    current_app, _prefix, urlconf, _root = context
    url = django_reverse(
        viewname, urlconf=urlconf, args=args, kwargs=kwargs, current_app=current_app
    )
    return url, escape(url)


@lru_cache(maxsize=65536)
def _remembered(viewname, args, items, context):
    """The one memory of both: the models' URLs (no current application) and the tag's."""
    return _answer(viewname, args, dict(items), context)
