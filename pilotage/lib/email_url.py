"""Read an e-mail server address such as ``smtp://user:pass@host:587/?tls=1``."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url: str) -> dict[str, object]:
    """Return the Django EMAIL_* settings an address stands for.

    ``smtps://`` means implicit TLS (port 465), ``smtp+tls://`` or ``?tls=1`` STARTTLS.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ValueError(f"Unknown e-mail scheme {scheme!r} in EMAIL_URL")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    settings: dict[str, object] = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme.startswith("smtp"):
        settings.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=scheme == "smtps" or query.get("ssl") == "1",
            EMAIL_USE_TLS=scheme == "smtp+tls" or query.get("tls") == "1",
            EMAIL_TIMEOUT=int(query.get("timeout", "10")),
        )
    return settings
