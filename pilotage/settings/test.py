"""Test profile: the same settings, with fast hashing and tasks run at once."""

import os

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: SQLite then locks as it does in production
    # (WAL, immediate transactions, busy timeout), so concurrent writers wait instead of failing.
    # One file per test process, so that runs side by side never share one.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-pilotage-{os.getpid()}.sqlite3")}  # noqa: F405

MEDIA_ROOT = VAR_DIR / f"test-media-{os.getpid()}"  # noqa: F405
