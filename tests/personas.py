"""The people every permission test reuses.

Alice is an MS1 student, Sam an MS3 student, Fatima faculty, Cora a
coordinator and Will well-being staff. Cora and Will have two-factor set up,
as the school requires of their roles.
"""

from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from huddle.accounts.models import Profile, Role, RoleAssignment, User

PASSWORD = "correct horse battery staple"


@dataclass
class Personas:
    ms1: User
    ms3: User
    faculty: User
    coordinator: User
    wellbeing: User

    def all(self) -> dict[str, User]:
        return {
            "ms1": self.ms1,
            "ms3": self.ms3,
            "faculty": self.faculty,
            "coordinator": self.coordinator,
            "wellbeing": self.wellbeing,
        }


def make_person(email: str, first: str, last: str, roles: list[str], class_year: int | None = None) -> User:
    user = User.objects.create_user(email, PASSWORD, first_name=first, last_name=last)
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role)
    Profile.objects.create(user=user, class_year=class_year)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_personas() -> Personas:
    people = Personas(
        ms1=make_person("alice@school.test", "Alice", "Ames", [Role.STUDENT], 1),
        ms3=make_person("sam@school.test", "Sam", "Sato", [Role.STUDENT], 3),
        faculty=make_person("fatima@school.test", "Fatima", "Farouk", [Role.FACULTY]),
        coordinator=make_person("cora@school.test", "Cora", "Cruz", [Role.COORDINATOR, Role.FACULTY]),
        wellbeing=make_person("will@school.test", "Will", "Wong", [Role.WELLBEING]),
    )
    for user in (people.coordinator, people.wellbeing):
        TOTP.activate(user, generate_totp_secret())
    return people
