"""A stalled database answers 503 within seconds, never holds a worker.

Three bounds, all set from the environment (alliance/settings.py, docs/deployment.md):

- ``connect_timeout``: a new connection that does not complete in time fails (libpq);
- ``statement_timeout``: PostgreSQL cancels a statement that runs too long (server side);
- a read deadline on the client: a statement sent on an established connection that gets no
  answer at all — the server frozen, a proxy or the network stalled, where neither TCP nor the
  server will ever say so — has its socket shut down by a watchdog thread after
  ``DATABASE_READ_TIMEOUT`` seconds, so the request fails with :class:`DatabaseTimeout`
  instead of waiting for gunicorn to kill the worker. TCP keepalives catch idle connections
  whose peer vanished.

The 500 handler (alliance/views.py) answers 503 for every one of these.
"""

import contextlib
import itertools
import os
import socket
import threading
import time

from django.db import OperationalError


class DatabaseTimeout(OperationalError):
    """The database did not answer in time (read deadline or statement timeout)."""


class Watchdog:
    """One thread per process: shuts down the socket of any statement past its deadline."""

    TICK = 0.1

    def __init__(self):
        self._lock = threading.Lock()
        self._active = {}
        self._tokens = itertools.count()
        self._wake = threading.Event()
        self._thread = None
        self._pid = None

    def watch(self, wrapper, seconds):
        token = next(self._tokens)
        with self._lock:
            self._active[token] = [time.monotonic() + seconds, wrapper, False]
            if self._thread is None or self._pid != os.getpid():  # none yet, or forked
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()
        self._wake.set()
        return token

    def release(self, token):
        """Stop watching; whether the deadline had fired."""
        with self._lock:
            entry = self._active.pop(token, None)
        return bool(entry and entry[2])

    def _run(self):
        while True:
            self._wake.wait()
            with self._lock:
                if not self._active:
                    self._wake.clear()
                    continue
                now = time.monotonic()
                due = [e for e in self._active.values() if not e[2] and e[0] <= now]
                for entry in due:
                    entry[2] = True
            for entry in due:
                cut(entry[1])
            time.sleep(self.TICK)


def cut(wrapper):
    """Shut the connection's socket down: the blocked read returns at once with an error."""
    with contextlib.suppress(Exception):
        fd = wrapper.connection.pgconn.socket
        sock = socket.socket(fileno=os.dup(fd))
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.close()


WATCHDOG = Watchdog()


def read_deadline(seconds):
    """A Django execute wrapper bounding how long one statement may wait for an answer."""

    def guard(execute, sql, params, many, context):
        token = WATCHDOG.watch(context["connection"], seconds)
        try:
            return execute(sql, params, many, context)
        except OperationalError as exc:
            if WATCHDOG.release(token):
                raise DatabaseTimeout(f"The database did not answer within {seconds:g} s.") from exc
            raise
        finally:
            WATCHDOG.release(token)

    guard.alliance_read_deadline = True
    return guard


def install_read_deadline(sender=None, connection=None, **kwargs):
    """``connection_created`` receiver: PostgreSQL connections get the read deadline."""
    from django.conf import settings

    seconds = getattr(settings, "DATABASE_READ_TIMEOUT", 0)
    if connection is None or connection.vendor != "postgresql" or seconds <= 0:
        return
    if any(getattr(w, "alliance_read_deadline", False) for w in connection.execute_wrappers):
        return
    # First in the list: Django's execute_wrapper() context manager pops the last one.
    connection.execute_wrappers.insert(0, read_deadline(seconds))


def is_timeout(error):
    """Whether an exception says the database did not answer in time: our read deadline,
    PostgreSQL's statement timeout, or a connection attempt that timed out."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DatabaseTimeout):
            return True
        name = type(error).__name__
        if name in {"QueryCanceled", "ConnectionTimeout"}:
            return True
        error = error.__cause__ or error.__context__
    return False
