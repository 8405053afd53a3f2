"""The Redis cache backend, with one client per connection pool; and each process's own
copies of the pages it reads from a shared cache (LocalCopies).

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every cache call;
with redis-py 5 and later that constructor fills a dictionary of about 170 response handlers
each time, which made it most of the cost of a page served from the cache (two reads: the
archive's generation and the page). A ``redis.Redis`` over a connection pool is safe to share
between threads, so one per pool is kept and reused.
"""

import collections
import pickle
import threading
import time

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


class LocalCopies:
    """Each process's own copies of the pages it last read from, or wrote to, a shared cache,
    up to ``max_bytes`` (least recently used first out), each for ``timeout`` seconds at most.

    With Redis, a page served from the cache was one read of the whole page (127 KB for the
    2015 Guidelines reader) over the network, and Redis's own CPU: 57 % of a static file's
    throughput, against 79 % from each process's memory. Cached pages are keyed by the
    archive's generation, so a copy can never be of an older archive than Redis's: an
    editor's change makes a new key, seen by every process within ARCHIVE_GENERATION_TTL,
    exactly as before. Copies are kept pickled, so what outer middleware adds to a response
    on its way out never reaches the copy.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self._copies = collections.OrderedDict()  # key → (deadline, pickled response)
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._copies.get(key)
            if found is None:
                return None
            deadline, data = found
            if deadline <= time.monotonic():
                self._drop(key)
                return None
            self._copies.move_to_end(key)
        return pickle.loads(data)

    def set(self, key, value, timeout):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes:
            return
        with self._lock:
            if key in self._copies:
                self._drop(key)
            self._copies[key] = (time.monotonic() + timeout, data)
            self.size += len(data)
            while self.size > self.max_bytes:
                self._drop(next(iter(self._copies)))

    def clear(self):
        with self._lock:
            self._copies.clear()
            self.size = 0

    def _drop(self, key):
        _, data = self._copies.pop(key)
        self.size -= len(data)
