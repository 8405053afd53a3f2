"""The Redis cache backend, with one client per connection pool.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every cache call;
with redis-py 5 and later that constructor fills a dictionary of about 170 response handlers
each time, which made it most of the cost of a page served from the cache (two reads: the
archive's generation and the page). A ``redis.Redis`` over a connection pool is safe to share
between threads, so one per pool is kept and reused.
"""

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
