"""The student's weekly check-in and their own trend; nobody else has a page onto either."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.forms import attempt
from huddle.lib.http import deny_unless
from huddle.wellbeing import policy
from huddle.wellbeing.checkins import selectors, services
from huddle.wellbeing.checkins.forms import CheckInForm
from huddle.wellbeing.crisis.selectors import campus_resources
from huddle.wellbeing.http import listening_url
from huddle.wellbeing.models import CheckInReminder


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    """This week's check-in; after a concerning answer the same page offers help (never sends anyone)."""
    deny_unless(policy.can_check_in(request.user))
    student = signed_in_user(request)
    current = selectors.checkin_of_week(student=student)
    initial = (
        {"burnout": current.burnout, "stress": current.stress, "sleep_hours": current.sleep_hours, "note": current.note}
        if current
        else None
    )
    form = CheckInForm(request.POST if request.method == "POST" else None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.checkin_save(student=student, **form.cleaned_data))
    ):
        messages.success(request, _("Saved. Only you can see your check-ins."))
        return redirect("wellbeing:checkin")
    concerning = current is not None and services.is_concerning(current)
    context = {
        "form": form,
        "current": current,
        "concerning": concerning,
        "resources": campus_resources() if concerning else [],
        "listening_url": listening_url() if concerning else "",
        "reminder_on": CheckInReminder.objects.filter(student=student).exists(),
    }
    return render(request, "wellbeing/checkin.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def trend(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_check_in(request.user))
    checkins = selectors.checkins_for_year(student=signed_in_user(request))
    context = {"checkins": checkins, "chart": selectors.trend_chart(checkins)}
    return render(request, "wellbeing/trend.html", context)


@login_required
@require_POST
def reminder(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_check_in(request.user))
    on = services.checkin_reminder_set(student=signed_in_user(request), on=request.POST.get("on") == "1")
    messages.success(
        request, _("We will nudge you on Mondays.") if on else _("No more weekly nudges. Check in whenever you like.")
    )
    return redirect("wellbeing:checkin")


@login_required
@require_POST
def erase(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_check_in(request.user))
    services.checkin_delete_all(student=signed_in_user(request))
    messages.success(request, _("All your check-ins are erased."))
    return redirect("wellbeing:checkin")
