"""Peer listening in the JSON API: only whether a listener is on duty and when the next hours start.

There is deliberately no API for requests, conversations, messages or who
listens: the words of a conversation are never exported and are deleted
after the school's retention period.
"""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from huddle.listening.volunteers.selectors import duty_outlook

router = Router(tags=["listening"])


class AvailabilityOut(Schema):
    on_duty: bool
    next_hours_start: datetime | None


@router.get(
    "/availability",
    response=AvailabilityOut,
    summary="Whether a peer listener is on duty now (no conversations or messages are in the API)",
)
def listening_availability(request: HttpRequest) -> AvailabilityOut:
    """Whether a listener is on duty now, and when the next listening hours start; never who."""
    outlook = duty_outlook()
    return AvailabilityOut(on_duty=outlook.on_duty, next_hours_start=outlook.next_start)
