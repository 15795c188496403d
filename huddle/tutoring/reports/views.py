"""Coordinators' pages: the booking rules, the reports, and tutor hours as CSV."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from huddle.accounts.http import signed_in_user
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import bad_request, deny_unless
from huddle.lib.spreadsheet import csv_safe
from huddle.tutoring import policy
from huddle.tutoring.reports import selectors
from huddle.tutoring.reports.forms import PeriodForm, RulesForm
from huddle.tutoring.reports.services import RULE_FIELDS, rules_save
from huddle.tutoring.rules import rules_current


@login_required
@require_http_methods(["GET", "POST"])
def rules_edit(request: HttpRequest) -> HttpResponse:
    """The one rules row: every field checked, all saved or none, the change audited."""
    user = signed_in_user(request)
    deny_unless(policy.can_edit_rules(user))
    current = rules_current()
    initial = {name: getattr(current, name) for name in RULE_FIELDS}
    form = RulesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = rules_save(user=user, values=form.cleaned_data)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            if changed:
                messages.success(
                    request,
                    ngettext(
                        "Rules saved: %(n)d rule changed. It applies to new bookings from now on.",
                        "Rules saved: %(n)d rules changed. They apply to new bookings from now on.",
                        len(changed),
                    )
                    % {"n": len(changed)},
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("tutoring:rules")
    status = 400 if form.errors else 200
    return render(request, "tutoring/reports/rules.html", {"form": form}, status=status)


def _period_form(request: HttpRequest) -> PeriodForm:
    data = request.GET if ("first" in request.GET or "last" in request.GET) else None
    return PeriodForm(data, default=selectors.default_period(timezone.now()))


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    """Hours, unmet demand, no-show and late-cancellation rates, and ratings over whole months."""
    user = signed_in_user(request)
    deny_unless(policy.can_read_reports(user))
    form = _period_form(request)
    period = form.period()
    context = {
        "form": form,
        "period": period,
        "hours": selectors.hours_report(period=period),
        "demand": selectors.demand_report(period=period),
        "rates": selectors.rates_report(period=period),
        "ratings": selectors.ratings_report(period=period) if policy.can_read_ratings(user) else None,
    }
    return render(request, "tutoring/reports/reports.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def hours_csv(request: HttpRequest) -> HttpResponse:
    """Tutor hours by tutor, subject and month as CSV (schools pay or credit tutors from it); audited."""
    user = signed_in_user(request)
    deny_unless(policy.can_read_reports(user))
    form = _period_form(request)
    if form.is_bound and not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return bad_request(request, HuddleError(problems))
    period = form.period()
    report = selectors.hours_report(period=period)
    audit_record(
        actor=user,
        action="tutoring.hours_exported",
        target="tutoring-hours",
        detail={"from": f"{period.first:%Y-%m}", "to": f"{period.last:%Y-%m}", "rows": len(report.rows)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tutoring-hours-{period.first:%Y-%m}-to-{period.last:%Y-%m}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([_("Tutor"), _("E-mail"), _("Subject"), _("Month"), _("Sessions"), _("Minutes"), _("Hours")])
    for row in report.rows:
        writer.writerow(
            [
                csv_safe(row.tutor),
                csv_safe(row.email),
                csv_safe(row.subject or _("No subject")),
                f"{row.month:%Y-%m}",
                row.sessions,
                row.minutes,
                f"{row.hours:.2f}",
            ]
        )
    return response
