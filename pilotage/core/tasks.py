"""Background work of the core app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .context_processors import security_figures
from .models import Organisation, User


@task()
def send_invitation(*, user_id: int, organisation_id: int) -> None:
    """E-mail a new member a link to choose their password."""
    user = User.objects.get(pk=user_id)
    org = Organisation.objects.get(pk=organisation_id)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.PILOTAGE_BASE_URL.rstrip("/") + reverse(
        "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "organisation": org, "link": link, **security_figures()}
        subject = render_to_string("core/email/invitation_subject.txt", context).strip()
        body = render_to_string("core/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
