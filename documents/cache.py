"""The archive's generation: a number that changes whenever anything in the archive does.
Cached pages are keyed by it, so an editor's save makes them all stale: at once in the process
that saved, within settings.ARCHIVE_GENERATION_TTL in every other one.

With a shared cache (Redis) the generation lives in the cache. With each process's own
local-memory cache it lives in the database (one single-row read per cached page), since a
save handled by one app server process must make every other process's pages stale too.

Cached renderings are keyed by the code's release as well (``release``): an upgrade changes
templates and styles, and a fragment rendered by the old templates (a timeline's chart)
must not be put into a page of the new ones. The generation itself is not: during a rolling
upgrade a save on a server of either release makes the pages of both stale.
"""

import contextvars
import functools
import hashlib
import os
import sysconfig
import time

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

GENERATION_KEY = "archive:generation"
# Set for the length of a request (alliance/middleware.py): the generation is read at most
# once per request, however many cached reads the page makes.
_request_generation = contextvars.ContextVar("archive_generation", default=None)
UNREAD = object()


# The files whose change can change what a cached page or fragment holds.
RELEASE_FILES = (".py", ".html", ".css", ".js", ".svg")
RELEASE_DIRS = ("alliance", "api", "documents", "search", "templates", "static")


@functools.cache
def release():
    """A digest of the code, templates and static files, and of the installed packages'
    versions (Django's and DRF's templates render pages too): taken once per process, when
    it starts (DocumentsConfig.ready), ~10 ms."""
    digest = hashlib.sha256()
    base = settings.BASE_DIR
    for name in RELEASE_DIRS:
        for path in sorted((base / name).rglob("*")):
            if path.suffix in RELEASE_FILES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    # The installed packages' names and versions, as their metadata folders are named
    # ("Django-5.2.8.dist-info"; reading each package's metadata took ~120 ms).
    folders = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    packages = sorted(
        entry.name
        for folder in folders
        if os.path.isdir(folder)
        for entry in os.scandir(folder)
        if entry.name.endswith(".dist-info")
    )
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:12]


def shared_cache():
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def archive_generation():
    """The current generation (a nanosecond timestamp of the last change)."""
    scoped = _request_generation.get()
    if scoped is not None and scoped[0] is not UNREAD:
        return scoped[0]
    value = _read_generation()
    if scoped is not None:
        scoped[0] = value
    return value


def request_scope():
    """Read the generation at most once until ``end_request_scope(token)``."""
    return _request_generation.set([UNREAD])


def end_request_scope(token):
    _request_generation.reset(token)


# The generation as this process last read it, and when (time.monotonic()): for up to
# settings.ARCHIVE_GENERATION_TTL seconds it is not read again. A save in this process sets
# it at once; a save handled by another process is seen within the TTL.
_last_read = [None, 0.0]


def _read_generation():
    value, read_at = _last_read
    now = time.monotonic()
    if value is not None and now - read_at < settings.ARCHIVE_GENERATION_TTL:
        return value
    value = _read_shared_generation()
    _last_read[:] = [value, now]
    return value


def _read_shared_generation():
    if not shared_cache():
        from django.db import connection

        from documents.models import ArchiveGeneration

        # Plain SQL: on every page served from the cache, building the ORM query cost more
        # than the database's answer.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {ArchiveGeneration._meta.db_table} WHERE id = 1")
            row = cursor.fetchone()
        return (row[0] if row else 0) or 0
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY, 0)
    return generation


def bump_generation(sender=None, **kwargs):
    if sender is not None and sender._meta.label in ("documents.ArchiveGeneration",):
        return
    scoped = _request_generation.get()
    if scoped is not None:
        scoped[0] = UNREAD  # this request changed the archive: read it again
    value = time.time_ns()
    _last_read[:] = [None, 0.0]  # read it again, here and now
    if shared_cache():
        cache.set(GENERATION_KEY, value, timeout=None)
        _bump_again_at_commit()
        return
    from documents.models import ArchiveGeneration

    updated = ArchiveGeneration.objects.filter(pk=1).update(value=value)
    if not updated:
        ArchiveGeneration.objects.get_or_create(pk=1, defaults={"value": value})


def _bump_again_at_commit():
    """In Redis the new generation is seen by every process at once, before the saving
    transaction commits; a page another process renders meanwhile, from the rows as they
    were, would be stored under it and served until the next change. So the generation
    moves once more when the transaction commits (once per transaction). In the database
    (no Redis) the new generation is seen only with the commit, and needs nothing more."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    if any(func is bump_generation for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(bump_generation)


# --- Reads kept until the archive changes -----------------------------------------------------

PER_GENERATION_SECONDS = 24 * 3600
_MISSING = object()


def _key_part(value):
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_key_part(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_key_part(v) for v in value)) + "}"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    raise TypeError(f"cannot key on {type(value).__name__}")


def kept_for_generation(name, compute):
    """``compute()``'s answer, kept in the cache under ``name`` until the archive changes (the
    key holds the generation). Plain data only: lists, strings, model instances."""
    key = f"gen:{archive_generation()}:{release()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, PER_GENERATION_SECONDS)
    return value


# Answers this process keeps as they are (not pickled, not copied) for the generation in
# "at": {name: answer}, at most PROCESS_KEPT entries (all dropped when full). A text longer
# than PROCESS_KEPT_TEXT characters (a timeline's or a comparison's HTML) is not kept here:
# unpickling a string is a copy of its bytes, cheap, and a crawl of every filter could
# otherwise hold hundreds of them in each process.
_process_kept = {"at": None, "answers": {}}
PROCESS_KEPT = 512
PROCESS_KEPT_TEXT = 16 * 1024


def read_only_for_generation(name, compute):
    """``kept_for_generation(name, compute)``, kept by this process too, as it is: every
    caller gets the same object, so none may change it. For answers that are only read (a
    menu's objects, a comparison's summary, a feed's entries), where unpickling a copy for
    each request cost more than most of the page around it. The first read in a process
    comes from the shared cache, so the answer is still computed once for all of them."""
    at = (archive_generation(), release())
    kept = _process_kept
    if kept["at"] != at:
        kept["at"], kept["answers"] = at, {}
    answers = kept["answers"]
    try:
        return answers[name]
    except KeyError:
        pass
    value = kept_for_generation(name, compute)
    if _text_length(value) > PROCESS_KEPT_TEXT:
        return value
    if len(answers) >= PROCESS_KEPT:
        answers.clear()
    answers[name] = value
    return value


def _text_length(value):
    """The length of a text, or of a rendering's texts (a tuple of them); 0 for the rest."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple) and all(isinstance(part, str) for part in value):
        return sum(len(part) for part in value)
    return 0


def forget_read_only():
    """Drop what this process keeps as it is (the tests: their rolled-back transactions
    bring an earlier generation back with other rows)."""
    _process_kept["at"] = None


def in_process(build):
    """``build()`` kept by this process, not shared or pickled, until the archive changes:
    for what a process reads once and then fills or consults itself (search's glossary,
    its spelling candidates). ``forget()`` drops it."""
    kept = [_MISSING, None]  # the generation it was built at, and the value

    @functools.wraps(build)
    def get():
        generation = archive_generation()
        if kept[0] != generation:
            kept[:] = [generation, build()]
        return kept[1]

    get.forget = lambda: kept.__setitem__(0, _MISSING)
    return get


def per_generation(func=None, *, read_only=False):
    """Keep a read selector's answer (plain data: lists, model instances) in the cache until
    the archive changes: its key holds the generation and the keyword arguments, so any save
    makes it stale at once, on every app server. Reads that depend on who asks (previews)
    must not use it. ``@per_generation(read_only=True)``: kept by each process as it is too
    (``read_only_for_generation``), for answers no caller changes."""
    if func is None:
        return functools.partial(per_generation, read_only=read_only)
    name = f"{func.__module__}.{func.__qualname__}"
    keep = read_only_for_generation if read_only else kept_for_generation

    @functools.wraps(func)
    def wrapper(**kwargs):
        try:
            arguments = ",".join(f"{k}={_key_part(v)}" for k, v in sorted(kwargs.items()))
        except TypeError:
            return func(**kwargs)
        # Hashed: a list of areas can make the arguments longer than a cache key may be.
        digest = hashlib.sha256(arguments.encode()).hexdigest()
        return keep(f"{name}:{digest}", lambda: func(**kwargs))

    wrapper.uncached = func
    return wrapper
