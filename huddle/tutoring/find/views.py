"""The tutoring front page and the week of open sessions a student books from."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from huddle.accounts.http import signed_in_user
from huddle.lib.http import deny_unless, is_htmx
from huddle.lib.zones import zone_of
from huddle.tutoring import policy
from huddle.tutoring.find import selectors, services
from huddle.tutoring.find.clock import in_viewer_zone
from huddle.tutoring.find.forms import FindForm
from huddle.tutoring.find.selectors import WeekFilters
from huddle.tutoring.rules import rules_current


@login_required
@require_GET
@in_viewer_zone
def tutoring_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_use_tutoring(user))
    can_book = policy.can_book(user)
    context = {
        "can_book": can_book,
        "bookings": selectors.next_bookings(student=user, now=timezone.now()) if can_book else [],
        "is_tutor": selectors.is_tutor(person=user),
        "can_apply": policy.can_apply_to_tutor(user),
        "can_approve": policy.can_approve_tutors(user),
        "can_report": policy.can_read_reports(user),
        "can_edit_rules": policy.can_edit_rules(user),
        "rules": rules_current(),
    }
    return render(request, "tutoring/find/home.html", context)


@login_required
@require_GET
@in_viewer_zone
def week(request: HttpRequest) -> HttpResponse:
    """The week view; a student's search that finds nothing in any bookable week is recorded as unmet demand."""
    user = signed_in_user(request)
    deny_unless(policy.can_use_tutoring(user))
    rules = rules_current()
    zone = zone_of(user)
    now = timezone.now()
    form = FindForm(request.GET, last_week=selectors.last_week(rules))
    filters = form.filters() if form.is_valid() else WeekFilters()
    shown = selectors.week_view(viewer=user, filters=filters, zone=zone, now=now, rules=rules)
    if filters.any_given and shown.count == 0 and shown.nearest is None and policy.can_book(user):
        weekday, hour = selectors.unmet_time(filters=filters, zone=zone, now=now)
        services.unmet_search_record(
            student=user,
            topic=filters.topic,
            weekday=weekday,
            hour=hour,
            modality=filters.modality,
            language=filters.language,
            now=now,
        )
    context = {
        "form": form,
        "shown": shown,
        "filters": filters,
        "zone_name": zone.key,
        "can_book": policy.can_book(user),
        "rules": rules,
    }
    template = "tutoring/find/week.html" + ("#week" if is_htmx(request) else "")
    return render(request, template, context, status=400 if form.errors else 200)
