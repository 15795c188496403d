"""The roster import: a coordinator's CSV becomes accounts, all or nothing.

``roster_preview_create`` reads and checks the file and compares every row
with the people already in Huddle, in a fixed number of queries whatever the
file's size; the result is stored so the coordinator reviews exactly what
``roster_commit`` will apply. An import only adds: it creates people, updates
names and class years, and adds roles and languages; it never removes a role
or a language (roles are taken away on the roles page, with its safeguards).
"""

import hashlib
import logging
import os
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts import policy, roster_csv
from huddle.accounts.models import (
    ClassYear,
    Invitation,
    Language,
    Profile,
    Role,
    RoleAssignment,
    RosterImport,
    User,
)
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record, audit_record_many
from huddle.lib.errors import HuddleError

logger = logging.getLogger(__name__)

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
STATUSES = (NEW, UPDATE, UNCHANGED, ERROR)


class RosterFile(Protocol):
    """An uploaded file or a ``django.core.files.File``."""

    name: str | None

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass
class _Existing:
    """What Huddle already knows about one person named in the file."""

    user: User
    roles: set[str]
    languages: set[str]
    class_year: int | None
    graduation_year: int | None


@dataclass
class RosterResult:
    created: int
    updated: int
    unchanged: int
    roles_granted: int
    invitations: int


def _check_may_import(by: User | None) -> None:
    # ``None`` is the command line: whoever runs manage.py already owns the server.
    if by is not None and not policy.can_import_roster(by):
        raise HuddleError(_("Only coordinators may import rosters."))


def _language_names() -> dict[str, str]:
    return dict(Language.objects.values_list("code", "name"))


def _language_keys(names: dict[str, str]) -> dict[str, str]:
    """Lower-case codes and names → code, for matching the file's spelling."""
    keys: dict[str, str] = {}
    for code, name in names.items():
        keys[code.lower()] = code
        keys[name.lower()] = code
    return keys


def _existing_people(emails: list[str]) -> dict[str, _Existing]:
    """Everyone the file names who already has an account: three queries."""
    users = list(
        User.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=emails)
        .select_related("profile")
        .order_by()
    )
    ids = [user.pk for user in users]
    roles: dict[int, set[str]] = {pk: set() for pk in ids}
    for user_id, role in RoleAssignment.objects.filter(user_id__in=ids).values_list("user_id", "role"):
        roles[user_id].add(role)
    languages: dict[int, set[str]] = {pk: set() for pk in ids}
    spoken = Profile.languages.through.objects.filter(profile__user_id__in=ids)
    for user_id, code in spoken.values_list("profile__user_id", "language__code"):
        languages[user_id].add(code)
    existing = {}
    for user in users:
        profile = getattr(user, "profile", None)
        existing[user.email.lower()] = _Existing(
            user=user,
            roles=roles[user.pk],
            languages=languages[user.pk],
            class_year=profile.class_year if profile else None,
            graduation_year=profile.graduation_year if profile else None,
        )
    return existing


def _addresses_of_others(emails: list[str], existing: dict[str, _Existing]) -> dict[str, str]:
    """Addresses in the file that another account has added as its own (e-mail → that account)."""
    taken = (
        EmailAddress.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=emails)
        .values_list("email_key", "user_id", "user__email")
    )
    return {
        key: owner_email
        for key, user_id, owner_email in taken
        if key not in existing or existing[key].user.pk != user_id
    }


def _year_label(value: int | None) -> str:
    return ClassYear(value).label if value else _("none")


def _changes(row: roster_csv.ParsedRow, known: _Existing, language_names: dict[str, str]) -> list[str]:
    """What committing the row would change for an existing person, in words."""
    changes: list[str] = []
    user = known.user
    if (user.first_name, user.last_name) != (row.first_name, row.last_name):
        changes.append(
            row.problem(
                "name",
                _("name changes from “%(old)s” to “%(new)s”.")
                % {"old": user.get_full_name(), "new": f"{row.first_name} {row.last_name}"},
            )
        )
    if Role.STUDENT in row.roles and row.class_year != known.class_year and row.class_year is not None:
        changes.append(
            row.problem(
                "class_year",
                _("class year changes from %(old)s to %(new)s.")
                % {"old": _year_label(known.class_year), "new": _year_label(row.class_year)},
            )
        )
    if row.graduation_year is not None and row.graduation_year != known.graduation_year:
        changes.append(
            row.problem("class_year", _("graduation year becomes %(year)d.") % {"year": row.graduation_year})
        )
    added_roles = [Role(r).label for r in row.roles if r not in known.roles]
    if added_roles:
        changes.append(row.problem("role", _("adds %(roles)s.") % {"roles": ", ".join(map(str, added_roles))}))
    added_languages = [language_names[code] for code in row.languages if code not in known.languages]
    if added_languages:
        changes.append(row.problem("languages", _("adds %(names)s.") % {"names": ", ".join(added_languages)}))
    return changes


def _plan(parsed: roster_csv.ParsedRoster, language_names: dict[str, str]) -> list[dict[str, Any]]:
    """Each row as stored for the preview: its status, values and messages."""
    emails = [row.email for row in parsed.rows if row.email]
    existing = _existing_people(emails)
    others = _addresses_of_others(emails, existing)
    planned = []
    for row in parsed.rows:
        if row.email in others:
            row.error(
                "email",
                _("this address belongs to another Huddle account (%(owner)s).") % {"owner": others[row.email]},
            )
        known = existing.get(row.email)
        if known and not known.user.is_active:
            row.warn("email", _("this account is deactivated; the import does not reactivate it."))
        changes = _changes(row, known, language_names) if known and not row.errors else []
        if row.errors:
            status = ERROR
        elif known is None:
            status = NEW
        else:
            status = UPDATE if changes else UNCHANGED
        planned.append(
            {
                "row": row.row,
                "status": status,
                "user_id": known.user.pk if known else None,
                "raw": row.raw,
                "email": row.email,
                "first_name": row.first_name,
                "last_name": row.last_name,
                "roles": row.roles,
                "class_year": row.class_year,
                "graduation_year": row.graduation_year,
                "languages": row.languages,
                "language_names": [language_names[code] for code in row.languages],
                "errors": row.errors,
                "warnings": row.warnings + changes,
            }
        )
    return planned


def _summary(rows: list[dict[str, Any]], parsed: roster_csv.ParsedRoster) -> dict[str, Any]:
    counts = {status: 0 for status in STATUSES}
    for row in rows:
        counts[row["status"]] += 1
    return {
        **counts,
        "total": len(rows),
        "warnings": sum(1 for row in rows if row["warnings"]),
        "file_warnings": parsed.warnings,
        "columns": parsed.columns,
    }


def roster_preview_create(*, file: RosterFile, by: User | None) -> RosterImport:
    """Read and check a roster file and store the preview; nothing else changes.

    Raises HuddleError (field ``file``) when the file as a whole is unusable.
    Row problems do not raise: they are stored on the rows.
    """
    _check_may_import(by)
    data = file.read(roster_csv.MAX_BYTES + 1)
    language_names = _language_names()
    parsed = roster_csv.parse(data, languages=_language_keys(language_names), today=timezone.localdate())
    rows = _plan(parsed, language_names)
    return RosterImport.objects.create(
        uploaded_by=by,
        filename=os.path.basename(file.name or "roster.csv")[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=rows,
        summary=_summary(rows, parsed),
    )


def roster_discard(*, roster_import: RosterImport, by: User | None) -> None:
    _check_may_import(by)
    updated = RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.PREVIEW).update(
        status=RosterImport.Status.DISCARDED
    )
    if not updated:
        raise HuddleError(_("Only a roster awaiting review can be discarded."))


def _create_people(rows: list[dict[str, Any]]) -> list[User]:
    """Insert the new people in bulk; a conflicting e-mail raises IntegrityError."""
    users = User.objects.bulk_create(
        [
            # An unusable password until they accept the invitation.
            User(
                email=row["email"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                password=make_password(None),
            )
            for row in rows
        ],
        batch_size=1000,
    )
    if any(user.pk is None for user in users):  # Databases that cannot return ids from a bulk insert.
        by_email = User.objects.in_bulk([row["email"] for row in rows], field_name="email")
        users = [by_email[row["email"]] for row in rows]
    # The school vouches for the address, so it is verified from the start.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=1000
    )
    Profile.objects.bulk_create(
        [
            Profile(user=user, class_year=row["class_year"], graduation_year=row["graduation_year"])
            for user, row in zip(users, rows, strict=True)
        ],
        batch_size=1000,
    )
    return users


def _update_people(rows: list[dict[str, Any]]) -> list[User]:
    """Apply names and class years; the rows' people are locked until commit."""
    users = User.objects.select_for_update().in_bulk([row["user_id"] for row in rows])
    missing = [row for row in rows if row["user_id"] not in users]
    if missing:
        raise HuddleError(
            _("Row %(row)d, e-mail: %(email)s was removed from Huddle after this preview. Upload the file again.")
            % {"row": missing[0]["row"], "email": missing[0]["email"]}
        )
    profiles = Profile.objects.in_bulk([row["user_id"] for row in rows], field_name="user_id")
    changed_users, changed_profiles, new_profiles = [], [], []
    for row in rows:
        user = users[row["user_id"]]
        if (user.first_name, user.last_name) != (row["first_name"], row["last_name"]):
            user.first_name, user.last_name = row["first_name"], row["last_name"]
            changed_users.append(user)
        profile = profiles.get(user.pk)
        if profile is None:
            new_profiles.append(
                Profile(user=user, class_year=row["class_year"], graduation_year=row["graduation_year"])
            )
            continue
        if row["class_year"] is not None and profile.class_year != row["class_year"]:
            profile.class_year = row["class_year"]
            changed_profiles.append(profile)
        if row["graduation_year"] is not None and profile.graduation_year != row["graduation_year"]:
            profile.graduation_year = row["graduation_year"]
            if profile not in changed_profiles:
                changed_profiles.append(profile)
    User.objects.bulk_update(changed_users, ["first_name", "last_name"], batch_size=500)
    Profile.objects.bulk_update(changed_profiles, ["class_year", "graduation_year"], batch_size=500)
    Profile.objects.bulk_create(new_profiles)
    return [users[row["user_id"]] for row in rows]


def _grant_roles(people: list[tuple[User, dict[str, Any]]], by: User | None) -> int:
    """Add the roles people lack, each grant in the audit log."""
    held = set(
        RoleAssignment.objects.filter(user_id__in=[user.pk for user, _row in people]).values_list("user_id", "role")
    )
    grants = [(user, role) for user, row in people for role in row["roles"] if (user.pk, role) not in held]
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=role, granted_by=by) for user, role in grants], batch_size=1000
    )
    audit_record_many(
        actor=by,
        action=AuditEvent.Action.ROLE_GRANTED,
        entries=[(user.email, {"role": role, "via": "roster"}) for user, role in grants],
    )
    return len(grants)


def _add_languages(people: list[tuple[User, dict[str, Any]]]) -> None:
    ids = dict(Language.objects.values_list("code", "pk"))
    profile_ids = dict(Profile.objects.filter(user__in=[u for u, _r in people]).values_list("user_id", "pk"))
    through = Profile.languages.through
    links = [
        through(profile_id=profile_ids[user.pk], language_id=ids[code])
        for user, row in people
        for code in row["languages"]
        if code in ids
    ]
    through.objects.bulk_create(links, ignore_conflicts=True, batch_size=1000)


def _enqueue_invitation(invitation_id: int) -> None:
    from huddle.accounts.tasks import send_invitation

    send_invitation.enqueue(invitation_id)


def _apply(roster_import: RosterImport, by: User | None) -> RosterResult:
    rows = roster_import.rows
    new_rows = [row for row in rows if row["status"] == NEW]
    update_rows = [row for row in rows if row["status"] == UPDATE]
    created = _create_people(new_rows)
    updated = _update_people(update_rows)
    people = list(zip(created, new_rows, strict=True)) + list(zip(updated, update_rows, strict=True))
    granted = _grant_roles(people, by)
    _add_languages(people)
    invitations = Invitation.objects.bulk_create(
        [Invitation(user=user, roster_import=roster_import, invited_by=by) for user in created], batch_size=1000
    )
    if any(invitation.pk is None for invitation in invitations):
        invitations = list(Invitation.objects.filter(roster_import=roster_import))
    for invitation in invitations:
        transaction.on_commit(partial(_enqueue_invitation, invitation.pk))
    return RosterResult(
        created=len(created),
        updated=len(updated),
        unchanged=sum(1 for row in rows if row["status"] == UNCHANGED),
        roles_granted=granted,
        invitations=len(invitations),
    )


def _conflict(roster_import: RosterImport) -> HuddleError:
    """Name the rows whose new person appeared after the preview (run after the rollback)."""
    new_rows = {row["email"]: row for row in roster_import.rows if row["status"] == NEW}
    taken = {
        key
        for model in (User, EmailAddress)
        for key in model.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=new_rows)
        .values_list("email_key", flat=True)
    }
    if not taken:
        return HuddleError(_("Nothing was imported: the database refused the change. Upload the file again."))
    messages = [
        _("Row %(row)d, e-mail: %(email)s was added to Huddle after this preview was made.")
        % {"row": row["row"], "email": email}
        for email, row in sorted(new_rows.items(), key=lambda item: item[1]["row"])
        if email in taken
    ]
    return HuddleError(
        " ".join([*messages, _("Nothing was imported; upload the file again to review the current state.")]),
        field="file",
    )


def roster_commit(*, roster_import: RosterImport, by: User | None) -> RosterResult:
    """Apply a previewed roster in one transaction and queue the invitations.

    The RosterImport row is locked first, so two coordinators pressing
    "Import" at once apply it once; the unique e-mail constraint stops a
    person created since the preview from being created twice.
    """
    _check_may_import(by)
    try:
        with transaction.atomic():
            locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
            if locked.status == RosterImport.Status.COMMITTED:
                raise HuddleError(_("This roster was already imported; nothing was changed."))
            if locked.status != RosterImport.Status.PREVIEW:
                raise HuddleError(_("This roster was discarded. Upload the file again to import it."))
            if locked.summary.get(ERROR):
                raise HuddleError(
                    _("%(count)d rows have errors. Fix them in the file and upload it again; nothing was imported.")
                    % {"count": locked.summary[ERROR]}
                )
            result = _apply(locked, by)
            locked.status = RosterImport.Status.COMMITTED
            locked.committed_at = timezone.now()
            locked.summary = {**locked.summary, "result": result.__dict__}
            locked.save(update_fields=["status", "committed_at", "summary"])
            audit_record(
                actor=by,
                action=AuditEvent.Action.ROSTER_IMPORTED,
                target=locked.filename,
                detail={"import": locked.pk, **result.__dict__},
            )
    except IntegrityError as exc:
        logger.warning("Roster import %s refused by the database: %s", roster_import.pk, exc)
        raise _conflict(roster_import) from exc
    roster_import.refresh_from_db()
    return result


def roster_imports_recent(*, limit: int = 20) -> QuerySet[RosterImport]:
    """The latest imports for the upload page, without their (large) rows."""
    return RosterImport.objects.select_related("uploaded_by").defer("rows")[:limit]


def roster_same_file_imported(*, roster_import: RosterImport) -> RosterImport | None:
    """An earlier import of byte-for-byte the same file, if one was committed."""
    return (
        RosterImport.objects.filter(sha256=roster_import.sha256, status=RosterImport.Status.COMMITTED)
        .exclude(pk=roster_import.pk)
        .defer("rows")
        .order_by("-committed_at")
        .first()
    )
