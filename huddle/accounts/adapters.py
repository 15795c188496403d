"""allauth hooks: Huddle is invitation-only; SSO may only reach known people."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from huddle.accounts import policy


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from the roster import, never from self sign-up.
        return False

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> Any:
        profile = getattr(user, "profile", None)
        if profile is not None:
            request.session["tz"] = profile.time_zone
        return super().post_login(request, user, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # SSO connects to an account the roster already created (matched by
        # verified e-mail); it never creates a stranger's account.
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Roles that must use two-factor may not switch it off; after a lost
        # phone an administrator removes the authenticator in the admin.
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not policy.requires_two_factor(authenticator.user, settings.HUDDLE_MFA_REQUIRED_ROLES)
