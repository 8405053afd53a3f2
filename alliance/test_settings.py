"""Test settings: the real settings with a throwaway key, fast hashing, plain static files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The served site's timeouts (5 s statements, 6 s reads) are for readers; creating the test
# database, migrating it and rebuilding the search index on a busy CI machine may take longer.
# The timeout tests set their own short limits (tests/alliance/test_failures.py).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "120000")
os.environ.setdefault("DATABASE_READ_TIMEOUT", "120")

from alliance.settings import *  # noqa: E402,F403
from alliance.settings import STORAGES  # noqa: E402

# Each test starts with an empty page cache (see tests/conftest.py).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests that exercise the bulk files rebuild them on purpose, into a temporary directory.
BULK_DATA_REBUILD = "off"

# Read the archive's generation on every request: a test's rolled-back transaction takes a
# save back, and a generation remembered by the process would outlive it
# (tests/alliance/test_cache.py covers the remembered generation on its own).
ARCHIVE_GENERATION_TTL = 0
