"""The school-wide moderation settings coordinators keep: watched words and posting limits.

Each change is audited; neither has a space, so neither is a ``ModerationAction``.
"""

import unicodedata

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.forum import policy
from huddle.forum.models import ForumRules, WatchedWord
from huddle.lib.errors import HuddleError, require


def _phrase(phrase: str) -> str:
    phrase = " ".join(unicodedata.normalize("NFKC", phrase).split())
    if len(phrase) < 2 or not any(ch.isalnum() for ch in phrase):
        raise HuddleError(
            _("Write a word or phrase of at least two characters, with letters or digits."), field="phrase"
        )
    if len(phrase) > 100:
        raise HuddleError(_("Keep the word or phrase under 100 characters."), field="phrase")
    return phrase


@transaction.atomic
def watched_word_create(*, user: User, phrase: str, action: str) -> WatchedWord:
    """Add a word the forum watches for; it applies from the next post on."""
    require(policy.can_manage_spaces(user), _("Only coordinators manage the watched words."))
    phrase = _phrase(phrase)
    if action not in WatchedWord.Action.values:
        raise HuddleError(_("Choose what happens to a post with this word."), field="action")
    if WatchedWord.objects.filter(phrase__iexact=phrase).exists():
        raise HuddleError(_("“%(phrase)s” is already on the list.") % {"phrase": phrase}, field="phrase")
    try:
        with transaction.atomic():
            word = WatchedWord.objects.create(phrase=phrase, action=action, created_by=user)
    except IntegrityError as exc:
        raise HuddleError(_("“%(phrase)s” is already on the list.") % {"phrase": phrase}, field="phrase") from exc
    audit_record(
        actor=user,
        action="forum.watched_word_added",
        target=f"watched-word:{word.pk}",
        detail={"phrase": phrase, "action": action},
    )
    return word


@transaction.atomic
def watched_word_delete(*, user: User, word: WatchedWord) -> None:
    require(policy.can_manage_spaces(user), _("Only coordinators manage the watched words."))
    audit_record(
        actor=user,
        action="forum.watched_word_removed",
        target=f"watched-word:{word.pk}",
        detail={"phrase": word.phrase, "action": word.action},
    )
    word.delete()


#: Each rule's allowed range: a limit of zero would silence everyone.
RULE_RANGES = {
    "new_account_days": (0, 90),
    "threads_per_day": (1, 1000),
    "new_threads_per_day": (1, 1000),
    "replies_per_hour": (1, 1000),
    "new_replies_per_hour": (1, 1000),
    "approve_first_posts": (0, 20),
}


@transaction.atomic
def forum_rules_update(
    *,
    user: User,
    new_account_days: int,
    threads_per_day: int,
    new_threads_per_day: int,
    replies_per_hour: int,
    new_replies_per_hour: int,
    approve_first_posts: int,
) -> ForumRules:
    """Save the school's posting limits; a new account's limits may not be looser than everyone's."""
    require(policy.can_manage_spaces(user), _("Only coordinators set the posting limits."))
    values = {
        "new_account_days": new_account_days,
        "threads_per_day": threads_per_day,
        "new_threads_per_day": new_threads_per_day,
        "replies_per_hour": replies_per_hour,
        "new_replies_per_hour": new_replies_per_hour,
        "approve_first_posts": approve_first_posts,
    }
    for name, (low, high) in RULE_RANGES.items():
        if not low <= values[name] <= high:
            label = getattr(ForumRules._meta.get_field(name), "verbose_name", name)
            raise HuddleError(
                _("%(label)s: choose a number from %(low)d to %(high)d.") % {"label": label, "low": low, "high": high},
                field=name,
            )
    for new, everyone in (("new_threads_per_day", "threads_per_day"), ("new_replies_per_hour", "replies_per_hour")):
        if values[new] > values[everyone]:
            raise HuddleError(
                _("New accounts' limit cannot be above everyone's (%(n)d).") % {"n": values[everyone]}, field=new
            )
    rules = ForumRules.objects.select_for_update().order_by("pk").first() or ForumRules()
    before = {name: getattr(rules, name) for name in values}
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()
    audit_record(
        actor=user, action="forum.rules_changed", target="forum-rules", detail={"before": before, "after": values}
    )
    return rules
