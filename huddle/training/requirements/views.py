"""Coordinators set what each peer role requires; well-being staff sign off listener candidates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import bad_request, deny_unless, parse_id
from huddle.lib.qualification import PeerRole
from huddle.training import policy
from huddle.training.forms import RequirementForm
from huddle.training.models import RoleRequirement, SignOff
from huddle.training.requirements import services
from huddle.training.requirements.checker import requirements_by_role
from huddle.training.requirements.selectors import sign_off_candidates


@login_required
@require_http_methods(["GET", "POST"])
def requirements_edit(request: HttpRequest) -> HttpResponse:
    """One form per role: modules, renewal, who signs off."""
    user = signed_in_user(request)
    deny_unless(policy.can_edit_requirements(user))
    posted = request.POST.get("role", "") if request.method == "POST" else None
    if posted is not None and posted not in PeerRole.values:
        return bad_request(request, HuddleError(_("Choose a peer role."), field="role"))
    current = requirements_by_role()
    forms = []
    for role in PeerRole:
        requirement = current.get(role.value)
        initial: dict[str, object] = {"role": role.value}
        if requirement is not None:
            days = {r.valid_for_days for r in requirement.modules.all()}
            initial |= {
                "modules": [r.module_id for r in requirement.modules.all()],
                "valid_for_days": days.pop() if len(days) == 1 else None,
                "sign_off_by": requirement.sign_off_by,
            }
        data = request.POST if posted == role.value else None
        forms.append((role, RequirementForm(data, initial=initial, prefix=role.value)))
    if posted is not None:
        form = next((f for r, f in forms if r.value == posted), None)
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.requirement_save(
                    user=user,
                    role=posted,
                    module_ids=[m.pk for m in form.cleaned_data["modules"]],
                    valid_for_days=form.cleaned_data["valid_for_days"],
                    sign_off_by=form.cleaned_data["sign_off_by"] or "",
                )
            except HuddleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Requirements for %(role)s saved.") % {"role": PeerRole(posted).label})
                return redirect("training:requirements")
        return render(request, "training/requirements.html", {"forms": forms}, status=400)
    return render(request, "training/requirements.html", {"forms": forms})


def _roles_signed_off_by(user: User) -> list[RoleRequirement]:
    return [
        r
        for r in RoleRequirement.objects.exclude(sign_off_by="").order_by("role")
        if policy.can_sign_off(user, r.role, r.sign_off_by)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def sign_offs(request: HttpRequest) -> HttpResponse:
    """Candidates who completed a role's modules, for the staff who sign that role off (others: 403)."""
    user = signed_in_user(request)
    deny_unless(policy.can_sign_off_somewhere(user))
    roles = _roles_signed_off_by(user)
    if request.method == "POST":
        role = request.POST.get("role", "")
        try:
            person_id = parse_id(request.POST.get("person"), field="person")
        except HuddleError as error:
            return bad_request(request, error)
        deny_unless(role in {r.role for r in roles})
        person = User.objects.filter(pk=person_id, is_active=True).first()
        if person is None:
            raise Http404
        try:
            services.sign_off_give(user=user, person=person, role=role, note=request.POST.get("note", ""))
        except HuddleError as error:
            messages.error(request, error.message)
            return redirect("training:sign_offs")
        messages.success(request, _("%(name)s is signed off.") % {"name": person.get_full_name()})
        return redirect("training:sign_offs")
    now = timezone.now()
    sections = [(r, sign_off_candidates(role=r.role, now=now)) for r in roles]
    return render(request, "training/sign_offs.html", {"sections": sections})


@login_required
@require_POST
def sign_off_revoke(request: HttpRequest, sign_off_id: int) -> HttpResponse:
    user = signed_in_user(request)
    sign_off = get_object_or_404(SignOff.objects.select_related("person"), pk=sign_off_id)
    requirement = RoleRequirement.objects.filter(role=sign_off.role).first()
    if not policy.can_sign_off(user, sign_off.role, requirement.sign_off_by if requirement else "wellbeing"):
        raise Http404
    try:
        services.sign_off_revoke(user=user, sign_off=sign_off)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Sign-off of %(name)s revoked.") % {"name": sign_off.person.get_full_name()})
    return redirect("training:sign_offs")
