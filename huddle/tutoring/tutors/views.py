"""Tutor pages: applying, "My tutoring", pausing and withdrawing; coordinators' applications and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import deny_unless
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.tutoring import policy
from huddle.tutoring.models import Tutor, TutorSubject
from huddle.tutoring.tutors import selectors, services
from huddle.tutoring.tutors.forms import ApplyForm, DecideForm


def own_tutor(user: User) -> Tutor:
    """The signed-in person's tutor row; anyone who never applied gets 404 on a tutor's page."""
    tutor = selectors.tutor_of(user)
    if tutor is None:
        raise Http404
    return tutor


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Apply to tutor (or ask for more subjects); training is shown, not required, to apply."""
    user = signed_in_user(request)
    deny_unless(policy.can_apply_to_tutor(user))
    tutor = selectors.tutor_of(user)
    initial = {}
    if tutor is not None:
        held = tutor.subjects.filter(status__in=[TutorSubject.Status.PENDING, TutorSubject.Status.APPROVED])
        initial = {"statement": tutor.statement, "topics": [s.topic_id for s in held]}
    form = ApplyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.tutor_apply(
                student=user, topics=form.cleaned_data["topics"], statement=form.cleaned_data["statement"]
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: a coordinator will look at each subject and you will be told."))
            return redirect("tutoring:tutor_home")
    context = {
        "form": form,
        "tutor": tutor,
        "qualification": qualification_for(person=user, role=PeerRole.TUTOR),
    }
    return render(request, "tutoring/tutors/apply.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def tutor_home(request: HttpRequest) -> HttpResponse:
    """My tutoring: subjects, sessions booked and to complete, hours, ratings as an average of 5+.

    A student who never applied is sent to apply; anyone else who never applied finds nothing here (404).
    """
    user = signed_in_user(request)
    tutor = selectors.tutor_of(user)
    if tutor is None:
        if policy.can_apply_to_tutor(user):
            return redirect("tutoring:apply")
        raise Http404
    page = selectors.tutor_page(tutor=tutor, now=timezone.now())
    return render(request, "tutoring/tutors/home.html", {"page": page, "tutor": tutor})


@login_required
@require_POST
def pause(request: HttpRequest) -> HttpResponse:
    """``paused=1`` pauses new bookings, ``paused=0`` resumes."""
    user = signed_in_user(request)
    tutor = own_tutor(user)
    paused = request.POST.get("paused") == "1"
    try:
        services.tutor_pause_set(user=user, tutor=tutor, paused=paused)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        if paused:
            messages.success(request, _("Paused: nobody can book you now; sessions already booked stay."))
        else:
            messages.success(request, _("Welcome back: students can book your open sessions again."))
    return redirect("tutoring:tutor_home")


@login_required
@require_POST
def subject_withdraw(request: HttpRequest, subject_id: int) -> HttpResponse:
    user = signed_in_user(request)
    tutor = own_tutor(user)
    subject = get_object_or_404(TutorSubject.objects.select_related("topic", "tutor"), pk=subject_id, tutor=tutor)
    try:
        services.tutor_subject_withdraw(user=user, subject=subject)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You no longer offer %(subject)s; sessions already booked stay.") % {"subject": subject.topic.name},
        )
    return redirect("tutoring:tutor_home")


def _decide_form(subject_id: int, data: QueryDict | None = None) -> DecideForm:
    """One form per application on the page, each with its own element ids."""
    return DecideForm(data, auto_id=f"decide-{subject_id}-%s")


def _applications_page(request: HttpRequest, *, failed: tuple[int, DecideForm] | None = None) -> HttpResponse:
    user = signed_in_user(request)
    rows = selectors.applications(viewer=user)
    forms = {row.subject.pk: _decide_form(row.subject.pk) for row in rows}
    if failed is not None:
        forms[failed[0]] = failed[1]
    context = {
        "rows": [(row, forms[row.subject.pk]) for row in rows],
        "tutors": selectors.approved_tutors(),
        "viewer": user,
    }
    return render(request, "tutoring/tutors/applications.html", context, status=400 if failed else 200)


@login_required
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    """Coordinators: subjects waiting for a decision, and the tutors approved so far."""
    deny_unless(policy.can_approve_tutors(signed_in_user(request)))
    return _applications_page(request)


@login_required
@require_POST
def decide(request: HttpRequest, subject_id: int) -> HttpResponse:
    """Approve or decline one subject; a missing note stays on the form, a refusal is a message."""
    user = signed_in_user(request)
    deny_unless(policy.can_approve_tutors(user))
    subject = get_object_or_404(TutorSubject.objects.select_related("tutor__person", "topic"), pk=subject_id)
    form = _decide_form(subject.pk, request.POST)
    if not form.is_valid():
        return _applications_page(request, failed=(subject.pk, form))
    try:
        services.tutor_subject_decide(user=user, subject=subject, approve=form.approve, note=form.cleaned_data["note"])
    except HuddleError as error:
        if error.field in form.fields:
            add_service_error(form, error)
            return _applications_page(request, failed=(subject.pk, form))
        messages.error(request, error.message)
    else:
        name = subject.tutor.person.get_full_name()
        if form.approve:
            text = _("%(name)s is approved to tutor %(subject)s.")
        else:
            text = _("%(name)s was told why they were not approved for %(subject)s.")
        messages.success(request, text % {"name": name, "subject": subject.topic.name})
    return redirect("tutoring:applications")
