"""Huddle is invitation-only: nobody can create their own account."""

from django.urls import reverse

from huddle.accounts.models import User


def test_it_shows_the_closed_page_instead_of_a_sign_up_form(db, client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sign-up is closed" in content
    assert 'name="password1"' not in content


def test_it_creates_no_account_when_someone_posts_the_form_anyway(db, client):
    client.post(
        reverse("account_signup"),
        {"email": "stranger@example.com", "password1": "a long new password 1", "password2": "a long new password 1"},
    )
    assert not User.objects.filter(email="stranger@example.com").exists()


def test_it_offers_no_sign_up_link_on_the_sign_in_page(db, client):
    content = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in content
    assert "invitation-only" in content


def test_it_renders_allauth_pages_inside_huddles_layout(db, client):
    content = client.get(reverse("account_login")).content.decode()
    # Huddle's skip link, crisis bar and stylesheet; one h1 and labelled inputs.
    assert 'class="skip-link"' in content
    assert 'href="tel:988"' in content
    assert "css/huddle.css" in content
    assert content.count("<h1") == 1
    assert '<label for="id_login">' in content
    assert '<label for="id_password">' in content
