"""Training in the JSON API: published modules, the caller's own progress, upcoming workshops.

Only the caller's own data: no other person's completions, attempts or
RSVPs are serialised, and workshop lists give counts, never names.
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router, Schema

from huddle.accounts.http import signed_in_user
from huddle.training.models import Module
from huddle.training.modules.selectors import my_progress
from huddle.training.workshops.selectors import workshop_rows

router = Router(tags=["training"])


class ModuleOut(Schema):
    slug: str
    title: str
    summary: str
    valid_for_days: int | None
    requires_workshop: bool
    questions: int
    pass_mark: int | None


class ModuleProgressOut(Schema):
    slug: str
    title: str
    state: str
    attempts: int
    best_score: int | None
    completed_at: datetime | None
    expires_at: datetime | None


class RoleOut(Schema):
    role: str
    qualified: bool
    missing: list[str]


class ProgressOut(Schema):
    modules: list[ModuleProgressOut]
    roles: list[RoleOut]


class WorkshopOut(Schema):
    id: int
    module: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int
    places_left: int
    waitlist: int
    my_status: str | None


@router.get("/modules", response=list[ModuleOut])
def training_modules(request: HttpRequest) -> list[ModuleOut]:
    rows = Module.objects.filter(status=Module.Status.PUBLISHED).select_related("current_quiz").order_by("title")
    return [
        ModuleOut(
            slug=m.slug,
            title=m.title,
            summary=m.summary,
            valid_for_days=m.valid_for_days,
            requires_workshop=m.requires_workshop,
            questions=len(m.current_quiz.questions) if m.current_quiz else 0,
            pass_mark=m.current_quiz.pass_mark if m.current_quiz else None,
        )
        for m in rows
    ]


@router.get("/progress", response=ProgressOut)
def training_progress(request: HttpRequest) -> ProgressOut:
    progress = my_progress(person=signed_in_user(request), now=timezone.now())
    return ProgressOut(
        modules=[
            ModuleProgressOut(
                slug=p.module.slug,
                title=p.module.title,
                state=p.state,
                attempts=p.attempts,
                best_score=p.best_score,
                completed_at=p.latest.completed_at if p.latest else None,
                expires_at=p.latest.expires_at if p.latest else None,
            )
            for p in progress.modules
        ],
        roles=[
            RoleOut(role=r.role, qualified=r.qualification.qualified, missing=[str(m) for m in r.qualification.missing])
            for r in progress.roles
        ],
    )


@router.get("/workshops", response=list[WorkshopOut])
def training_workshops(request: HttpRequest) -> list[WorkshopOut]:
    return [
        WorkshopOut(
            id=r.workshop.pk,
            module=r.workshop.module.slug,
            title=r.workshop.title,
            starts_at=r.workshop.starts_at,
            ends_at=r.workshop.ends_at,
            place=r.workshop.place or (gettext("Online") if r.workshop.virtual_link else ""),
            capacity=r.workshop.capacity,
            places_left=r.places_left,
            waitlist=r.waiting,
            my_status=r.mine.status if r.mine else None,
        )
        for r in workshop_rows(viewer=signed_in_user(request), now=timezone.now())
    ]
