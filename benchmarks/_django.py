"""What the benchmarks that need the database share: a fresh database (DATABASE_URL if set,
else a temporary SQLite file), migrated, and an organisation with its owner."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def start() -> Path:
    """Set Django up on a migrated database; returns the run's scratch folder."""
    tmp = tempfile.mkdtemp(prefix="pilotage-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "pilotage.settings.test"
    os.environ["PILOTAGE_VAR"] = tmp

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return Path(tmp)


def organisation() -> tuple[Any, Any]:
    """A new organisation and its owner."""
    from pilotage.core import services as core_services

    tag = str(os.getpid())
    org = core_services.organisation_create(actor=None, name="Bench", slug=f"bench-{tag}")
    owner = core_services.member_add(
        actor=None, org=org, email=f"b{tag}@bench.test", role="owner", password="x-bench-pass"
    ).user
    return org, owner
