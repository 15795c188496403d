"""Notifications in the JSON API."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

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
    ids: list[int] | None = None


@router.get("/", response=list[NotificationOut])
def list_notifications(request: HttpRequest) -> list[NotificationOut]:
    return list(selectors.recent_notifications(user=request.user))  # type: ignore[arg-type]


@router.post("/read", response={200: dict})
def mark_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    return {"marked": services.notifications_mark_read(user=request.user, ids=payload.ids)}
