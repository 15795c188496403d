"""Notifications in the JSON API."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema

from huddle.lib.http import MAX_ID
from huddle.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class ReadIn(Schema):
    """Ids are database keys: positive and within 64 bits, or the request is refused with 422."""

    ids: list[Annotated[int, Field(gt=0, le=MAX_ID)]] | None = None


@router.get("/", response=list[NotificationOut])
def list_notifications(request: HttpRequest) -> list[NotificationOut]:
    return list(selectors.recent_notifications(user=request.user))  # type: ignore[arg-type]


@router.post("/read", response={200: dict})
def mark_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    return {"marked": services.notifications_mark_read(user=request.user, ids=payload.ids)}
