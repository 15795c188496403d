from collections.abc import Iterator

import pytest

from huddle.accounts.models import Role, User
from tests.listening.factories import make_listener, qualified
from tests.personas import Personas, make_person


@pytest.fixture
def listener(people: Personas) -> Iterator[User]:
    """Sam (MS3), trained and on duty all week."""
    make_listener(people.ms3)
    with qualified(people.ms3):
        yield people.ms3


@pytest.fixture
def second_listener(people: Personas, listener: User) -> Iterator[User]:
    """Lena (MS4), also trained and on duty; both pass the training inside this fixture."""
    lena = make_person("lena@school.test", "Lena", "Lind", [Role.STUDENT], 4)
    make_listener(lena)
    with qualified(people.ms3, lena):
        yield lena
