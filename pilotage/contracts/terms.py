"""The dates of a contract, computed from its terms (pure: no Django import).

The rules
---------
* **A term of n months** starting on day S ends on the day before the same day number n
  months later; when that day number does not exist in the target month, the term ends on
  the last day of that month. 15 Jan + 1 month ends 14 Feb; 31 Jan + 1 month ends 28 Feb
  (29 Feb in a leap year); 29 Feb 2028 + 12 months ends 28 Feb 2029.
* **Cycles.** Cycle 0 is the initial term. Cycle k (the k-th renewal) starts the day after
  cycle k−1 ends and lasts the renewal term. To avoid drift, every boundary is computed from
  the ORIGINAL start date: cycle k ends where a term of ``initial + k·renewal`` months from
  the start ends (same rule), never from the previous end. So a monthly contract starting
  31 Jan has cycles ending 28 Feb, 30 Mar, 30 Apr, 30 May… and cycles starting on the 31st
  whenever the month has one (the anniversary day stays the 31st).
* **The last day to give notice**: the notice period must run whole between the day after
  the notice and the end of the term: deadline = (term end + 1 day − notice) − 1 day, where
  "− n months" on a day number that does not exist clamps to the month's last day (the
  earlier, safe side) and "− n days" is plain. A notice period of 0 gives deadline = end.
* **Tacit renewal**: a term that ends without notice is followed by the next cycle. Without
  tacit renewal the contract ends at the end of its initial term (no renewal, no notice
  deadline: its end is the date to watch). Notice given on date G, on or before the deadline
  of the cycle G falls in, ends the contract at the end of that cycle; notice given after
  that deadline ends it at the end of the NEXT cycle.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

DAY = dt.timedelta(days=1)
NoticeUnit = Literal["days", "months"]
# Past this many cycles a search gives up (a 1-month contract renewed for 200 years).
MAX_CYCLES = 2400


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def add_months(day: dt.date, n: int) -> dt.date:
    """The same day number ``n`` months later (or earlier for n < 0), clamped to the last
    day of the target month when it does not exist there."""
    year, month = _shift_month(day.year, day.month, n)
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


def term_end(start: dt.date, months: int) -> dt.date:
    """The last day of a term of ``months`` months starting on ``start``."""
    year, month = _shift_month(start.year, start.month, months)
    if start.day > days_in_month(year, month):
        return dt.date(year, month, days_in_month(year, month))
    return dt.date(year, month, start.day) - DAY


def notice_deadline(end: dt.date, amount: int, unit: NoticeUnit) -> dt.date:
    """The last day notice may be given for a term ending on ``end``."""
    if amount <= 0:
        return end
    after = end + DAY
    if unit == "months":
        return add_months(after, -amount) - DAY
    return after - dt.timedelta(days=amount) - DAY


@dataclass(frozen=True)
class Terms:
    """What the dates of a contract depend on."""

    start: dt.date
    initial_months: int
    renewal_months: int | None = None  # None: the same as the initial term
    tacit: bool = True
    notice_amount: int = 3
    notice_unit: NoticeUnit = "months"
    notice_given_on: dt.date | None = None

    @property
    def renewal(self) -> int:
        return self.renewal_months or self.initial_months

    def cycle_end(self, k: int) -> dt.date:
        return term_end(self.start, self.initial_months + k * self.renewal)

    def cycle_start(self, k: int) -> dt.date:
        return self.start if k == 0 else self.cycle_end(k - 1) + DAY

    def deadline(self, k: int) -> dt.date:
        return notice_deadline(self.cycle_end(k), self.notice_amount, self.notice_unit)

    def cycle_of(self, day: dt.date) -> int:
        """The cycle ``day`` falls in (0 before the start). Without tacit renewal, days
        after the initial term still say 0."""
        if not self.tacit or day <= self.cycle_end(0):
            return 0
        # A first guess from the months elapsed, then a step either way.
        months = (day.year - self.start.year) * 12 + day.month - self.start.month
        k = max(0, min(MAX_CYCLES, (months - self.initial_months) // self.renewal))
        while k > 0 and self.cycle_start(k) > day:
            k -= 1
        while self.cycle_end(k) < day and k < MAX_CYCLES:
            k += 1
        return k

    def final_cycle(self) -> int | None:
        """The last cycle the contract runs, or None while it renews on."""
        if not self.tacit:
            return 0
        if self.notice_given_on is None:
            return None
        k = self.cycle_of(self.notice_given_on)
        return k if self.notice_given_on <= self.deadline(k) else k + 1


@dataclass(frozen=True)
class Status:
    """Where a contract stands on a given day."""

    cycle: int  # 0: the initial term; k: the k-th renewal
    term_start: dt.date
    term_end: dt.date
    # The last day to give notice that still counts (on or after today), and the end the
    # contract then reaches; None when there is no notice to give (no tacit renewal, notice
    # already given, or ended).
    notice_deadline: dt.date | None
    notice_ends_on: dt.date | None
    next_renewal: dt.date | None  # the day the next cycle starts; None when it will not renew
    ended: bool
    ends_on: dt.date | None  # the end of the contract once known; None while it renews on
    started: bool

    @property
    def renews(self) -> bool:
        return self.ends_on is None


def status(terms: Terms, today: dt.date) -> Status:
    final = terms.final_cycle()
    current = terms.cycle_of(today)
    if final is not None and current > final:
        current = final
    start, end = terms.cycle_start(current), terms.cycle_end(current)
    ends_on = terms.cycle_end(final) if final is not None else None
    ended = ends_on is not None and today > ends_on
    deadline = notice_ends = renewal = None
    if final is None:
        renewal = end + DAY
        k = current if terms.deadline(current) >= today else current + 1
        deadline, notice_ends = terms.deadline(k), terms.cycle_end(k)
    return Status(
        cycle=current,
        term_start=start,
        term_end=end,
        notice_deadline=deadline,
        notice_ends_on=notice_ends,
        next_renewal=renewal,
        ended=ended,
        ends_on=ends_on,
        started=today >= terms.start,
    )


def last_passed_deadline(terms: Terms, today: dt.date) -> tuple[int, dt.date] | None:
    """The cycle and date of the latest notice deadline before ``today`` (None when none
    passed, or the contract does not renew tacitly)."""
    if not terms.tacit:
        return None
    k = terms.cycle_of(today)
    final = terms.final_cycle()
    if final is not None:
        k = min(k, final)
    if terms.deadline(k) < today:
        return k, terms.deadline(k)
    if k > 0:
        return k - 1, terms.deadline(k - 1)
    return None


def _min_days(start: dt.date, first: int, months: int, cycles: int) -> int:
    """The fewest days among ``cycles`` consecutive terms of ``months`` months, the first
    starting after ``first`` months from ``start`` (every case of month lengths and leap
    years appears within 4 years)."""
    return min(
        (term_end(start, first + (k + 1) * months) - term_end(start, first + k * months)).days
        for k in range(cycles)
    )


def validate(
    terms: Terms,
    *,
    signed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Problems with ``terms``: ``{field: code}``. Codes: ``initial_short``,
    ``renewal_short``, ``notice_negative``, ``notice_initial`` (notice as long as the
    initial term or longer), ``notice_renewal`` (same for the renewal term),
    ``signed_future``, ``notice_future``, ``notice_before_start``, ``notice_no_renewal``."""
    errors: dict[str, str] = {}
    if terms.initial_months < 1:
        errors["initial_term_months"] = "initial_short"
    if terms.renewal_months is not None and terms.renewal_months < 1:
        errors["renewal_term_months"] = "renewal_short"
    if terms.notice_amount < 0:
        errors["notice_amount"] = "notice_negative"
    if errors:
        return errors
    if terms.notice_unit == "months":
        initial_ok = terms.notice_amount < terms.initial_months
        renewal_ok = terms.notice_amount < terms.renewal
    else:
        initial_ok = terms.notice_amount < (terms.cycle_end(0) - terms.start).days + 1
        cycles = max(1, 48 // terms.renewal + 1)
        shortest = _min_days(terms.start, terms.initial_months, terms.renewal, cycles)
        renewal_ok = terms.notice_amount < shortest
    if not terms.tacit:
        pass  # no renewal: the notice period plays no part
    elif not initial_ok:
        errors["notice_amount"] = "notice_initial"
    elif not renewal_ok:
        errors["notice_amount"] = "notice_renewal"
    if signed_on is not None and today is not None and signed_on > today:
        errors["signed_on"] = "signed_future"
    given = terms.notice_given_on
    if given is not None:
        if not terms.tacit:
            errors["notice_given_on"] = "notice_no_renewal"
        elif today is not None and given > today:
            errors["notice_given_on"] = "notice_future"
        elif given < terms.start:
            errors["notice_given_on"] = "notice_before_start"
    return errors


def alerts_due(deadline: dt.date, offsets: list[int], today: dt.date) -> list[int]:
    """The offsets (days before ``deadline``) whose day has come by ``today``, most urgent
    first; none once the deadline is past."""
    if today > deadline:
        return []
    return sorted({o for o in offsets if o >= 0 and deadline - dt.timedelta(days=o) <= today})


def days_until(day: dt.date, today: dt.date) -> int:
    return (day - today).days
