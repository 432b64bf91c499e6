"""Background work of the cash capability."""

from __future__ import annotations

from django_tasks import task


@task()
def run_cash_import(*, import_id: int) -> None:
    from .imports import run_import

    run_import(import_id)
