"""Becoming a tutor: apply with subjects and a statement; coordinators approve each subject.

Approval asks ``lib.qualification`` whether the student holds the tutor
role's training (the training app answers; nothing here copies its rules),
so a student can apply while still training but is approved only once done.
"""

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import Topic, User
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.notifications.services import notification_create, words
from huddle.tutoring import policy
from huddle.tutoring.models import Tutor, TutorSubject

STATEMENT_MIN = 20
STATEMENT_MAX = 1500
MAX_SUBJECTS = 12


@transaction.atomic
def tutor_apply(*, student: User, topics: Iterable[Topic], statement: str) -> Tutor:
    """Apply (or add subjects): each new subject waits for a coordinator; declined ones may be asked again."""
    require(policy.can_apply_to_tutor(student), _("Only students apply to tutor."))
    statement = statement.strip()
    if not STATEMENT_MIN <= len(statement) <= STATEMENT_MAX:
        raise HuddleError(
            _("Write from %(min)d to %(max)d characters about why you want to tutor.")
            % {"min": STATEMENT_MIN, "max": STATEMENT_MAX},
            field="statement",
        )
    topics = list({t.pk: t for t in topics}.values())
    if not topics:
        raise HuddleError(_("Choose at least one subject."), field="topics")
    if any(not t.is_active for t in topics):
        raise HuddleError(_("Choose subjects the school still teaches."), field="topics")
    tutor, _created = Tutor.objects.get_or_create(person=student, defaults={"statement": statement})
    tutor.statement = statement
    tutor.save(update_fields=["statement", "updated_at"])
    existing = {s.topic_id: s for s in tutor.subjects.all()}
    if len(set(existing) | {t.pk for t in topics}) > MAX_SUBJECTS:
        raise HuddleError(_("Tutor at most %(n)d subjects.") % {"n": MAX_SUBJECTS}, field="topics")
    for topic in topics:
        row = existing.get(topic.pk)
        if row is None:
            TutorSubject.objects.create(tutor=tutor, topic=topic)
        elif row.status in (TutorSubject.Status.DECLINED, TutorSubject.Status.WITHDRAWN):
            TutorSubject.objects.filter(pk=row.pk).update(
                status=TutorSubject.Status.PENDING, decided_by=None, decided_at=None, decision_note=""
            )
    return tutor


@transaction.atomic
def tutor_subject_decide(*, user: User, subject: TutorSubject, approve: bool, note: str = "") -> TutorSubject:
    """Approve or decline one subject (a conditional update on a waiting row); approval needs the training."""
    require(
        policy.can_decide_subject(user, subject), _("Only coordinators approve tutors, never their own application.")
    )
    note = note.strip()[:500]
    if approve:
        answer = qualification_for(person=subject.tutor.person, role=PeerRole.TUTOR)
        if not answer.qualified:
            raise HuddleError(answer.refusal(), field="approve")
    elif not note:
        raise HuddleError(_("Say why, so the student knows what to do next."), field="note")
    status = TutorSubject.Status.APPROVED if approve else TutorSubject.Status.DECLINED
    changed = TutorSubject.objects.filter(pk=subject.pk, status=TutorSubject.Status.PENDING).update(
        status=status, decided_by=user, decided_at=timezone.now(), decision_note=note
    )
    if not changed:
        raise HuddleError(_("Someone already decided this; reload the page."))
    subject.refresh_from_db()
    audit_record(
        actor=user,
        action="tutoring.subject_approved" if approve else "tutoring.subject_declined",
        target=f"tutor-subject:{subject.pk}",
        detail={"topic": subject.topic.name},
    )
    person, topic, url = subject.tutor.person, subject.topic.name, reverse("tutoring:tutor_home")
    title = (
        gettext_lazy("You are approved to tutor %(subject)s")
        if approve
        else gettext_lazy("Your application to tutor %(subject)s was declined")
    )
    transaction.on_commit(
        lambda: notification_create(
            user=person,
            kind="tutoring.application_decided",
            title=words(title, subject=topic),
            body=note,
            url=url,
            once=f"tutoring.decided:{subject.pk}:{subject.decided_at:%Y%m%d%H%M%S%f}",
        )
    )
    return subject


@transaction.atomic
def tutor_subject_withdraw(*, user: User, subject: TutorSubject) -> TutorSubject:
    """The tutor stops offering a subject; existing bookings stay."""
    require(policy.is_tutor(user, subject.tutor), _("Only the tutor withdraws a subject."))
    TutorSubject.objects.filter(pk=subject.pk).update(status=TutorSubject.Status.WITHDRAWN)
    subject.refresh_from_db()
    return subject


@transaction.atomic
def tutor_pause_set(*, user: User, tutor: Tutor, paused: bool) -> Tutor:
    """Pause: no new bookings (sessions already booked stay); resume any time."""
    require(policy.can_manage_sessions(user, tutor), _("Only the tutor pauses their tutoring."))
    Tutor.objects.filter(pk=tutor.pk).update(paused=paused, updated_at=timezone.now())
    tutor.refresh_from_db()
    return tutor
