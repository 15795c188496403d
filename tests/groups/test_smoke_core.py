"""The core services answer: create, join, request, approve, leave with handover, capacity refused."""

import pytest

from huddle.groups.membership.services import membership_approve, membership_join, membership_leave, membership_request
from huddle.groups.models import Membership
from huddle.lib.errors import HuddleError
from tests.groups.factories import make_group, make_student

pytestmark = pytest.mark.django_db


def test_core_flow() -> None:
    group = make_group(capacity=3, members=1)
    assert group.memberships.filter(status="active").count() == 2
    third = make_student()
    membership_join(person=third, group=group)
    with pytest.raises(HuddleError) as refused:
        membership_join(person=make_student(), group=group)
    assert refused.value.field == "group"
    organiser = group.memberships.get(role="organiser").person
    membership_leave(person=organiser, group=group)
    assert group.memberships.filter(status="active", role="organiser").count() == 1


def test_request_then_approve() -> None:
    group = make_group(join_policy="request")
    asker = make_student()
    row = membership_request(person=asker, group=group, note="MS1, block 2")
    organiser = group.memberships.get(role="organiser").person
    approved = membership_approve(actor=organiser, membership=row)
    assert approved.status == Membership.Status.ACTIVE and approved.seat == 2
