"""The demo's listeners are the seniors the training qualifies; building twice adds nothing; delete removes it."""

from io import StringIO

import pytest
from django.core.management import call_command

from huddle.lib import registry
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.lib.registry import DemoSize
from huddle.listening.demo import demo_listening_delete, demo_listening_step
from huddle.listening.models import Conversation, Listener, Message

pytestmark = pytest.mark.django_db


def test_the_listening_step_runs_after_the_people_and_the_training():
    names = [step.name for step in registry.demo_plan()]
    after = registry.demo_steps.get("listening.listeners").after
    assert "accounts.people" in after
    assert all(names.index(before) < names.index("listening.listeners") for before in after)


def test_demo_listeners_are_qualified_seniors_and_the_step_is_idempotent():
    call_command("seed_demo", students=60, faculty=4, stdout=StringIO())
    listeners = list(Listener.objects.select_related("user__profile"))
    assert 0 < len(listeners) <= 12
    for row in listeners:
        assert row.user.profile.class_year in (3, 4)
        assert qualification_for(person=row.user, role=PeerRole.LISTENER).qualified
    counts = (Listener.objects.count(), Conversation.objects.count(), Message.objects.count())
    demo_listening_step(DemoSize(students=60, faculty=4))
    assert (Listener.objects.count(), Conversation.objects.count(), Message.objects.count()) == counts
    assert Conversation.objects.filter(status=Conversation.Status.WAITING).count() == 1
    demo_listening_delete()
    assert not Listener.objects.exists() and not Conversation.objects.exists()
