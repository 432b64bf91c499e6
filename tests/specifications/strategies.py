"""Hypothesis strategies for specifications: small alphabets, so that equal texts, figures
and vague words come up often."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from pilotage.specifications import content as c

words = st.sampled_from(
    ["", "DSO", "leads", "30 %", "rapidement", "etc.", "optimiser", "Lyon", "45"]
)
texts = st.lists(words, max_size=3).map(lambda parts: " ".join(p for p in parts if p).strip())
dates = st.none() | st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))
flags = st.booleans()


def rows(strategy):
    return st.lists(strategy, max_size=3).map(tuple)


objective = st.builds(
    c.Objective, kind=st.sampled_from(("", *c.OBJECTIVE_KINDS)), text=texts, target=texts
)
deliverable = st.builds(
    c.Deliverable,
    name=texts,
    form=texts,
    frequency=st.sampled_from(("", *c.FREQUENCIES)),
    deadline=dates,
    criterion=texts,
)
milestone = st.builds(c.Milestone, date=dates, label=texts)
client = st.builds(
    c.ClientReferent,
    name=texts,
    role=texts,
    email=st.sampled_from(["", "anne@acme.test", "bob@acme.test"]),
    phone=st.sampled_from(["", "04 78 00 00 00"]),
)
vendor = st.builds(c.VendorReferent, name=texts, role=texts)
ritual = st.builds(c.Ritual, name=texts, rhythm=texts)
indicator = st.builds(
    c.Indicator, code=st.sampled_from(["", "dso", "qualified_leads"]), name=texts, target=texts
)
objection = st.builds(c.Objection, objection=texts, answer=texts)

raw_specs = st.builds(
    c.Spec,
    context=st.builds(c.Context, company=texts, project=texts),
    purpose=st.builds(c.Purpose, text=texts),
    objectives=st.builds(c.Objectives, items=rows(objective)),
    tasks=st.builds(c.Tasks, items=rows(texts)),
    deliverables=st.builds(c.Deliverables, items=rows(deliverable)),
    tools=st.builds(c.Tools, items=rows(texts), none_imposed=flags),
    constraints=st.builds(c.Constraints, text=texts, none=flags),
    calendar=st.builds(c.Calendar, start=dates, milestones=rows(milestone)),
    referents=st.builds(
        c.Referents, client=rows(client), vendor=rows(vendor), vendor_to_name=flags
    ),
    followup=st.builds(
        c.FollowUp,
        weekly_point=flags,
        monthly_committee=flags,
        quarterly_review=flags,
        yearly_review=flags,
        others=rows(ritual),
        channel=texts,
        validation=texts,
    ),
    indicators=st.builds(c.Indicators, items=rows(indicator)),
    playbook=st.builds(
        c.Playbook,
        qualification=texts,
        hot=texts,
        lukewarm=texts,
        handover=texts,
        objections=rows(objection),
    ),
)
# As stored: empty rows dropped.
specs = raw_specs.map(lambda s: c.from_dict(c.to_dict(s)))

# A whole specification is a big value to draw, and the machine is shared: no deadline, no
# complaint that drawing is slow.
slow_to_draw = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
