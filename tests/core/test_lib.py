from decimal import Decimal

import pytest

from pilotage.lib.email_url import parse_email_url
from pilotage.lib.money import format_money


@pytest.mark.parametrize(
    ("amount", "fr", "en"),
    [
        ("12345.67", "12\u202f345,67\u00a0€", "€12,345.67"),
        ("0", "0,00\u00a0€", "€0.00"),
        ("-1234567.891", "-1\u202f234\u202f567,89\u00a0€", "-€1,234,567.89"),
        ("0.005", "0,01\u00a0€", "€0.01"),
    ],
)
def test_money_is_written_the_french_way(amount, fr, en):
    assert format_money(Decimal(amount), language="fr") == fr
    assert format_money(Decimal(amount), language="en") == en


def test_the_money_filter_tolerates_empty_and_garbage():
    from pilotage.core.templatetags.pilotage import money

    assert money(None) == "" and money("abc") == ""


def test_email_urls():
    s = parse_email_url("smtp+tls://me%40x.fr:p%40ss@smtp.x.fr:587")
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"], s["EMAIL_USE_TLS"], s["EMAIL_USE_SSL"]) == (
        "smtp.x.fr",
        587,
        True,
        False,
    )
    assert (s["EMAIL_HOST_USER"], s["EMAIL_HOST_PASSWORD"]) == ("me@x.fr", "p@ss")
    assert parse_email_url("smtps://h")["EMAIL_PORT"] == 465
    assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ValueError):
        parse_email_url("carrier-pigeon://x")


def test_production_settings_pass_the_deploy_check(tmp_path):
    import os
    import secrets
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pilotage.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "pilotage.example.fr",
        "PILOTAGE_VAR": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, "-m", "pilotage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pilotage.settings.production", "SECRET_KEY": ""}
    run = subprocess.run(
        [sys.executable, "-m", "pilotage", "check"], env=env, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "SECRET_KEY" in run.stderr
