"""The audit trail: every change through a service leaves an entry, and the chain detects tampering."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pilotage.core import audit
from pilotage.core.models import AuditAction, AuditChain, AuditEntry
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import Stage


def entries_for(obj):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("seq")


def test_it_records_creation_with_values(world):
    entry = entries_for(world.cash).first()
    assert entry.action == AuditAction.CREATE
    assert entry.actor == world.alice
    assert entry.organisation == world.acme
    assert entry.changes["title"] == [None, "Cash collection"]
    assert entry.changes["vendor"] == [None, "Recouvra"]


def test_it_records_before_and_after_values_of_an_update(world):
    eng_services.engagement_update(
        actor=world.bob, engagement=world.cash, title="Cash and disputes"
    )
    entry = entries_for(world.cash).last()
    assert entry.action == AuditAction.UPDATE
    assert entry.actor_label == "bob@acme.test"
    assert entry.changes == {"title": ["Cash collection", "Cash and disputes"]}


def test_an_update_that_changes_nothing_records_nothing(world):
    before = AuditEntry.objects.count()
    eng_services.engagement_update(actor=world.bob, engagement=world.cash, title="Cash collection")
    assert AuditEntry.objects.count() == before


def test_stage_change_records_the_note(world):
    eng_services.engagement_change_stage(
        actor=world.bob,
        engagement=world.cash,
        stage=Stage.PILOT,
        note="Volumes too high for the pilot",
    )
    entry = entries_for(world.cash).last()
    assert entry.changes["stage"] == [Stage.RUN, Stage.PILOT]
    assert entry.changes["note"] == [None, "Volumes too high for the pilot"]


def test_entries_are_chained_per_organisation(world):
    for org in (world.acme, world.globex):
        chain = AuditChain.objects.get(organisation=org)
        rows = list(AuditEntry.objects.filter(chain=chain).order_by("seq"))
        assert [e.seq for e in rows] == list(range(1, len(rows) + 1))
        assert rows[0].prev_hash == audit.GENESIS
        for before, after in zip(rows, rows[1:], strict=False):
            assert after.prev_hash == before.hash
        assert chain.last_hash == rows[-1].hash


def test_verify_passes_on_an_untouched_trail(world):
    result = audit.verify()
    assert result.ok
    assert result.entries == AuditEntry.objects.count()


def _raw_update(entry_id: int, **values) -> None:
    """Alter a row behind the application's back, as someone with database access would."""
    sets = ", ".join(f"{k} = %s" for k in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE core_auditentry SET {sets} WHERE id = %s", [*values.values(), entry_id]
        )


def _raw_delete(entry_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry_id])


def test_verify_names_an_altered_entry(world):
    target = entries_for(world.cash).first()
    _raw_update(target.pk, object_repr="Something else")
    result = audit.verify()
    assert not result.ok
    broken = result.breaks[0]
    assert broken.entry_id == target.pk
    assert broken.seq == target.seq
    assert "altered" in broken.reason


def test_verify_detects_an_altered_change_value(world):
    target = entries_for(world.cash).first()
    changes = dict(target.changes)
    changes["title"] = [None, "Forged"]
    AuditEntry.objects.filter(pk=target.pk).update(changes=changes)
    assert audit.verify().breaks[0].entry_id == target.pk


def test_verify_detects_a_recomputed_hash_by_the_broken_link(world):
    """Someone who rewrites a row and its own hash still breaks the link with the next entry."""
    target = entries_for(world.cash).first()
    target.object_repr = "Forged"
    chain = target.chain
    target.hash = audit.entry_hash(target, chain.key)
    _raw_update(target.pk, object_repr="Forged", hash=target.hash)
    broken = audit.verify().breaks[0]
    assert broken.seq == target.seq + 1
    assert "link" in broken.reason


def test_verify_detects_a_removed_entry(world):
    target = entries_for(world.cash).first()
    _raw_delete(target.pk)
    broken = audit.verify().breaks[0]
    assert broken.seq == target.seq
    assert "missing" in broken.reason


def test_verify_detects_a_chain_cut_short(world):
    chain = AuditChain.objects.get(organisation=world.acme)
    last = AuditEntry.objects.filter(chain=chain).order_by("-seq").first()
    _raw_delete(last.pk)
    broken = audit.verify().breaks[0]
    assert broken.chain == chain.key
    assert "cut short" in broken.reason


def test_verify_of_one_organisation_ignores_the_others(world):
    target = AuditEntry.objects.filter(organisation=world.globex).first()
    _raw_update(target.pk, actor_label="mallory@evil.test")
    assert audit.verify(world.acme).ok
    assert not audit.verify(world.globex).ok


def test_the_command_exits_zero_when_intact_and_names_the_first_break(world, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    target = entries_for(world.it).first()
    _raw_update(target.pk, ip="10.6.6.6")
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify")
    assert excinfo.value.returncode == 1
    assert f"#{target.seq}" in str(excinfo.value)
    assert f"id {target.pk}" in str(excinfo.value)


def test_the_console_command_exits_non_zero_on_tampering(transactional_db, settings, tmp_path):
    """`pilotage audit verify` as a process, on a file database that was tampered with."""
    import os

    db = tmp_path / "trail.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "pilotage.settings.test",
    }
    run = [sys.executable, "-m", "pilotage"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [*run, "demo", "--password", "x-demo-password-1"], env=env, check=True, capture_output=True
    )
    ok = subprocess.run([*run, "audit", "verify"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE core_auditentry SET actor_label = 'mallory' WHERE seq = 3")
    bad = subprocess.run([*run, "audit", "verify"], env=env, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "#3" in bad.stderr


def test_unknown_actions_are_refused(world):
    with pytest.raises(ValueError):
        audit.record(action="explode", organisation=world.acme)


def test_concurrent_writers_keep_one_unbroken_chain(transactional_db):
    """Several requests appending at once: no fork, no gap, no duplicate number."""
    import threading

    from django.db import connections

    from pilotage.core.models import Organisation

    org = Organisation.objects.create(name="Busy", slug="busy")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                audit.record(
                    action="update", organisation=org, actor_label=f"w{n}", object_repr=str(i)
                )
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(
        AuditEntry.objects.filter(organisation=org).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, 61))
    assert audit.verify(org).ok
