"""The signed-in person in the JSON API."""

from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema

from huddle.accounts.availability import as_ranges
from huddle.accounts.models import User
from huddle.accounts.services import profile_for

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    roles: list[str]
    class_year: int | None
    time_zone: str
    modality: str
    languages: list[str]
    availability: dict[str, list[str]]


@router.get("/", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    # django_auth has already refused anonymous requests with 401.
    user = cast(User, request.user)
    profile = profile_for(user)
    return MeOut(
        id=user.pk,
        email=user.email,
        name=profile.name,
        roles=sorted(user.role_set),
        class_year=profile.class_year,
        time_zone=profile.time_zone,
        modality=profile.modality,
        languages=[lang.code for lang in profile.languages.all()],
        availability=as_ranges(profile.availability),
    )
