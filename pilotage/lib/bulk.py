"""Write many rows fast: prepared INSERTs by chunks, COPY on PostgreSQL.

For imports of hundreds of thousands of rows, where building model instances and
``bulk_create`` would cost several times the time and memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connections, models, router

CHUNK = 20_000


def insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (values already adapted to the database, in ``columns`` order)."""
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    names = ", ".join(qn(c) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 (names quoted by the backend)
    count = 0
    it = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(it, CHUNK)):
            if connection.vendor == "postgresql":
                # COPY is PostgreSQL's bulk path: several times faster than INSERTs.
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def update(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Update rows by primary key: each row holds the ``columns`` values, then the key."""
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        qn(model._meta.db_table), ", ".join(f"{qn(c)} = %s" for c in columns), qn("id")
    )
    count = 0
    it = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(it, CHUNK)):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
