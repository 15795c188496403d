"""Other people's availability appears in the viewer's own time zone, with common hours."""


from huddle.accounts.availability import from_ranges
from huddle.accounts.models import Profile


def set_week(user, zone: str, visibility: str = "everyone", **ranges: list[str]) -> None:
    profile = Profile.objects.get(user=user)
    profile.time_zone = zone
    profile.availability = from_ranges(ranges)
    profile.visibility = {**profile.visibility, "availability": visibility}
    profile.save()


def test_it_converts_the_owners_hours_to_the_viewers_zone(client_for, people):
    # Los Angeles and New York change clocks on the same dates: 3 hours apart all year.
    set_week(people.ms3, "America/Los_Angeles", mon=["18:00-19:00"])
    set_week(people.ms1, "America/New_York", mon=["21:30-23:00"])
    html = client_for("ms1").get(f"/people/{people.ms3.pk}/").content.decode()
    assert "Shown in your time zone, America/New_York: 1 hour per week." in html
    assert "21:00–22:00" in html
    assert "0.5 hours in common with you." in html


def test_it_shows_the_owner_their_own_hours_unshifted(client_for, people):
    set_week(people.ms3, "America/Los_Angeles", mon=["18:00-19:00"])
    html = client_for("ms3").get(f"/people/{people.ms3.pk}/").content.decode()
    assert "18:00–19:00" in html
    assert "in common with you" not in html


def test_it_hides_availability_the_owner_keeps_to_staff(client_for, people):
    set_week(people.ms3, "America/Chicago", visibility="staff", tue=["08:00-09:00"])
    assert "Weekly availability" not in client_for("ms1").get(f"/people/{people.ms3.pk}/").content.decode()
    html = client_for("faculty").get(f"/people/{people.ms3.pk}/").content.decode()
    assert "Tuesday" in html and "09:00–10:00" in html  # Chicago 08:00 is New York 09:00
