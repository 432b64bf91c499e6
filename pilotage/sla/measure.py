"""Ticket times net of pauses, breaches and lateness (pure NumPy, no Django).

A ticket's time to intervene runs from its opening to its taking in charge, its time to
restore from its opening to its resolution, both in the business time of the priority's
calendar and net of pauses ("waiting for the customer", or the time between a resolution
and a reopening: a reopened ticket keeps counting from where it stopped). Pauses of one
ticket that overlap are merged first, so that no second is subtracted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .engine import NAT, Calendar

Seconds = npt.NDArray[np.int64]  # UTC epoch seconds, NaT as NAT


@dataclass(frozen=True)
class Pauses:
    """Pause intervals: ``ticket[i]`` is the row of the ticket the i-th pause belongs to.
    An end equal to NAT means the pause is still running."""

    ticket: npt.NDArray[np.int64]
    start: Seconds
    end: Seconds

    @classmethod
    def none(cls) -> Pauses:
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, empty)


def merge_pauses(pauses: Pauses, *, now: int) -> Pauses:
    """Sort pauses per ticket and merge the ones that overlap or touch; running pauses end at ``now``."""
    if len(pauses.ticket) == 0:
        return pauses
    end = np.where(pauses.end == NAT, np.int64(now), pauses.end)
    keep = (pauses.start != NAT) & (end > pauses.start)
    ticket, start, end = pauses.ticket[keep], pauses.start[keep], end[keep]
    order = np.lexsort((start, ticket))
    ticket, start, end = ticket[order], start[order], end[order]
    if len(ticket) == 0:
        return Pauses(ticket, start, end)
    # A pause opens a new block when it starts after every earlier pause of its ticket has
    # ended. Running maximum of ends per ticket: tickets are sorted, so one global running
    # maximum over (ticket, end) packed in one integer does it for all at once.
    new_ticket = np.empty(len(ticket), dtype=bool)
    new_ticket[0] = True
    new_ticket[1:] = ticket[1:] != ticket[:-1]
    group = np.cumsum(new_ticket) - 1
    base = end.min()
    packed = group * (np.int64(1) << np.int64(40)) + (end - base)  # 2**40 s is 34,000 years
    run_max = np.maximum.accumulate(packed) - group * (np.int64(1) << np.int64(40)) + base
    starts_block = new_ticket.copy()
    starts_block[1:] |= start[1:] > run_max[:-1]
    first = np.flatnonzero(starts_block)
    last = np.append(first[1:], len(ticket)) - 1
    m_ticket, m_start, m_end = ticket[first], start[first], run_max[last]
    return Pauses(m_ticket, m_start, m_end)


def net_business_seconds(
    cal: Calendar, opened: Seconds, until: Seconds, pauses: Pauses
) -> npt.NDArray[np.float64]:
    """Business seconds from ``opened`` to ``until`` minus the (merged) pauses in between.

    ``pauses`` must be merged (see :func:`merge_pauses`). NaN where ``until`` is NaT."""
    total = cal.business_seconds(opened.astype("datetime64[s]"), until.astype("datetime64[s]"))
    if len(pauses.ticket) == 0:
        return total
    lo = np.maximum(pauses.start, opened[pauses.ticket])
    hi = np.minimum(pauses.end, until[pauses.ticket])
    hi_valid = until[pauses.ticket] != NAT
    use = hi_valid & (hi > lo)
    paused = np.zeros(len(pauses.ticket))
    if use.any():
        paused[use] = cal.business_seconds(
            lo[use].astype("datetime64[s]"), hi[use].astype("datetime64[s]")
        )
    return total - np.bincount(pauses.ticket, weights=paused, minlength=len(opened))


@dataclass(frozen=True)
class Measured:
    """Per ticket: net times (seconds, NaN when unknown), breach flags and GTR lateness."""

    intervene: npt.NDArray[np.float64]
    restore: npt.NDArray[np.float64]
    intervene_breached: npt.NDArray[np.bool_]
    restore_breached: npt.NDArray[np.bool_]
    late: npt.NDArray[np.float64]  # covered seconds beyond the GTR (0 when within)
    open_late: npt.NDArray[np.bool_]  # still unresolved and already past the GTR


def measure(
    cal: Calendar,
    *,
    opened: Seconds,
    taken: Seconds,
    resolved: Seconds,
    gti: npt.NDArray[np.float64],
    gtr: npt.NDArray[np.float64],
    pauses: Pauses,
    now: int,
    taking_is_recorded: bool = True,
) -> Measured:
    """Measure tickets on one calendar. A ticket not yet resolved is judged on the time
    elapsed until ``now``: it is in breach as soon as that already exceeds its target. So is
    a ticket not yet taken in charge, when the source records the taking in charge at all
    (``taking_is_recorded``; GLPI's exports do not); a resolved ticket with no taking in
    charge has an unknown time to intervene, never a breach."""
    merged = merge_pauses(pauses, now=now)
    now_arr = np.full(len(opened), np.int64(now))
    intervene = net_business_seconds(cal, opened, taken, merged)
    restore = net_business_seconds(cal, opened, resolved, merged)
    untaken_open = (taken == NAT) & (resolved == NAT) & taking_is_recorded
    waiting_intervene = net_business_seconds(
        cal, opened, np.where(untaken_open, now_arr, taken), merged
    )
    waiting_restore = net_business_seconds(
        cal, opened, np.where(resolved == NAT, now_arr, resolved), merged
    )
    intervene_breached = np.nan_to_num(waiting_intervene, nan=-1.0) > gti
    restore_breached = waiting_restore > gtr
    late = np.where(restore_breached, waiting_restore - gtr, 0.0)
    return Measured(
        intervene=intervene,
        restore=restore,
        intervene_breached=intervene_breached,
        restore_breached=restore_breached,
        late=late,
        open_late=restore_breached & (resolved == NAT),
    )
