"""Your own profile and availability, other people's profiles and photos."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts import policy, selectors, services
from huddle.accounts.availability import block_string, hours_per_week
from huddle.accounts.forms import AvailabilityForm, ProfileForm, error_summary
from huddle.accounts.models import Profile
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error

_PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
_DEFAULT_ZONE = str(Profile._meta.get_field("time_zone").default)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = services.profile_for(request.user)  # type: ignore[arg-type]
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, profile=profile)
        if form.is_valid():
            try:
                services.profile_update(profile=profile, changes=form.changes(), by=request.user)
            except HuddleError as error:
                add_service_error(form, error)
            else:
                # Times on every page follow the zone the person just chose.
                request.session["tz"] = profile.time_zone
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile_edit")
        status = 400
    else:
        form = ProfileForm(profile=profile)
    context = {
        "form": form,
        "profile": profile,
        "errors": error_summary(form),
        "visibility": form.visibility_pairs(),
        "default_zone": _DEFAULT_ZONE,
    }
    return render(request, "accounts/profile_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def availability_edit(request: HttpRequest) -> HttpResponse:
    profile = services.profile_for(request.user)  # type: ignore[arg-type]
    status = 200
    if request.method == "POST":
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            try:
                services.availability_set(
                    profile=profile,
                    week=form.cleaned_data["week"],
                    visibility=form.cleaned_data["visibility_availability"],
                    by=request.user,
                )
            except HuddleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your availability is saved."))
                return redirect("accounts:availability")
        status = 400
    else:
        form = AvailabilityForm(
            initial={"visibility_availability": profile.visibility_of("availability")}
        )
    week = bytes(profile.availability)
    context = {
        "form": form,
        "errors": error_summary(form),
        "rows": selectors.availability_grid(week),
        "days": [str(name) for name in selectors.DAY_NAMES.values()],
        "block_string": block_string(week),
        "hours_label": selectors.hours_label(hours_per_week(week)),
        "time_zone": profile.time_zone,
    }
    return render(request, "accounts/availability_edit.html", context, status=status)


@login_required
@require_POST
def time_zone_detect(request: HttpRequest) -> JsonResponse:
    """The browser reports its zone; used for display until the person picks one.

    The profile itself is never changed here: the profile page pre-selects
    the suggestion and the person saves it (or not).
    """
    zone = request.POST.get("time_zone", "")
    if zone not in services.valid_time_zones():
        return JsonResponse({"error": _("Time zone: not a known time zone.")}, status=400)
    profile = services.profile_for(request.user)  # type: ignore[arg-type]
    suggest = profile.time_zone == _DEFAULT_ZONE and zone != profile.time_zone
    request.session["tz"] = zone if suggest else profile.time_zone
    return JsonResponse({"time_zone": request.session["tz"], "suggest": suggest})


@login_required
@require_GET
def profile_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    user = selectors.person_for_profile(viewer=request.user, user_id=user_id)
    viewer_profile = selectors.profile_of(user if user.pk == request.user.pk else request.user)
    card = selectors.profile_card(viewer=request.user, user=user, viewer_profile=viewer_profile, at=timezone.now())
    profile = selectors.profile_of(user)
    notes = None
    if profile is not None and policy.can_see_accessibility_notes(request.user, user):
        notes = services.accessibility_notes_read(profile=profile, by=request.user)
    context = {
        "card": card,
        "availability_hours": selectors.hours_label(card.availability_hours),
        "common_hours": selectors.hours_label(card.common_hours) if card.common_hours is not None else "",
        "notes": notes,
        "can_grant_roles": policy.can_grant_roles(request.user),
    }
    return render(request, "accounts/profile_detail.html", context)


@login_required
@require_GET
def profile_photo(request: HttpRequest, user_id: int) -> FileResponse:
    """The photo, only for viewers its owner allows; never from a public URL."""
    user = selectors.person_with_profile(viewer=request.user, user_id=user_id)
    profile = selectors.profile_of(user)
    if profile is None or not profile.photo:
        raise Http404
    if not policy.can_see_field(request.user, user, "photo", profile.visibility_of("photo")):
        # 404, not 403: a hidden photo should not reveal that one exists.
        raise Http404
    content_type = _PHOTO_TYPES.get(PurePath(profile.photo.name or "").suffix.lower())
    if content_type is None:
        raise Http404
    try:
        handle = profile.photo.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
