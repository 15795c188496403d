"""Invitation e-mails for people a roster import created, sent in the background."""

from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from huddle.accounts.models import Invitation
from huddle.lib.i18n import speaking
from huddle.lib.mail import email_send_confirmed, stable_headers
from huddle.lib.urls import absolute_url
from huddle.worker.services import task_email_claim


def _sso_name() -> str:
    """The school's single sign-on button label, when SSO is configured."""
    provider: Any = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect") or {}
    apps = provider.get("APPS") or []
    return str(apps[0].get("name", "")) if apps else ""


def invitation_context(invitation: Invitation) -> dict[str, Any]:
    """What the e-mail says, including a one-time link to choose a password.

    The link is allauth's password-reset link: it stops working once the
    password is set, and "Forgot your password?" issues a fresh one.
    """
    user = invitation.user
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    inviter = invitation.invited_by
    return {
        "user": user,
        "inviter": inviter.get_full_name() if inviter else "",
        "school_name": settings.HUDDLE_SCHOOL_NAME,
        "roles": [str(a.get_role_display()) for a in user.roles.all()],
        "set_password_url": absolute_url(path.replace("UID-KEY", key)),
        "reset_url": absolute_url(reverse("account_reset_password")),
        "login_url": absolute_url(reverse("account_login")),
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "sso_name": _sso_name(),
    }


@task()
def send_invitation(invitation_id: int) -> bool:
    """Send one invitation once: claimed, sent, then confirmed (see huddle/lib/mail.py).

    A rerun after a confirmed send sends nothing; after an in-doubt crash it
    resends the same Message-ID (its set-password link is fresh; both work).
    """
    rows = Invitation.objects.filter(pk=invitation_id)
    if not task_email_claim(rows=rows, sent_field="sent_at"):
        return False
    invitation = rows.select_related("user", "invited_by").get()
    user = invitation.user

    def confirm() -> None:
        rows.update(sent_at=timezone.now())

    # Someone who already signed in (SSO, or "Forgot your password?") needs no invitation.
    if not (user.is_active and user.last_login is None):
        confirm()
        return True
    context = invitation_context(invitation)
    with speaking(user):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers=stable_headers("invitation", invitation.pk, f"{invitation.created_at:%Y%m%d%H%M%S%f}"),
    )
    email_send_confirmed(message=message, confirm=confirm)
    return True
