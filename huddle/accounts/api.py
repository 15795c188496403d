"""The signed-in person in the JSON API."""

from django.http import HttpRequest
from ninja import Router, Schema

from huddle.accounts.availability import as_ranges
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
    user = request.user
    profile = profile_for(user)  # type: ignore[arg-type]
    return MeOut(
        id=user.pk,
        email=user.email,  # type: ignore[union-attr]
        name=profile.name,
        roles=sorted(user.role_set),  # type: ignore[union-attr]
        class_year=profile.class_year,
        time_zone=profile.time_zone,
        modality=profile.modality,
        languages=[lang.code for lang in profile.languages.all()],
        availability=as_ranges(profile.availability),
    )
