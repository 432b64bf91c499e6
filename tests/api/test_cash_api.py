"""The cash report through the API: the same dictionary as the page and the command."""

from __future__ import annotations


def test_the_cash_report_answers_the_documented_keys(world, client_for):
    # The world's invoice file: FA001 1,200.00 paid 20/02/2026, FA002 600.00 still open.
    url = f"/api/v1/o/acme/engagements/{world.cash.pk}/cash/?as_of=2026-03-31"
    body = client_for(world.victor).get(url).json()
    assert body["receivables"] == 600.0
    assert body["as_of"] == "2026-03-31"
    # FA002 (15/01, net 30) fell due on 14/02; its reminder of 10/03 came 24 days later,
    # past the 7 days allowed; at 31/03 it is 45 days overdue.
    assert body["reminders_when_due_share"] == 0.0
    assert body["open_overdue_avg_days"] == 45.0
    assert [c["name"] for c in body["top_late_customers"]] == ["Martin SARL"]


def test_a_malformed_date_is_a_400_naming_the_parameter(world, client_for):
    url = f"/api/v1/o/acme/engagements/{world.cash.pk}/cash/?as_of=31/03/2026"
    response = client_for(world.alice).get(url)
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_an_engagement_without_cash_data_answers_404(world, client_for):
    response = client_for(world.alice).get(f"/api/v1/o/acme/engagements/{world.it.pk}/cash/")
    assert response.status_code == 404
