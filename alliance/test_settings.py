"""Test settings: the real settings with a throwaway key, fast hashing, plain static files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

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
