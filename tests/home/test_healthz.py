"""The load balancer's health check."""


def test_it_answers_ok_when_the_database_answers(db, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_needs_no_sign_in_and_sets_no_cookie(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies


def test_it_only_answers_get(db, client):
    assert client.post("/healthz").status_code == 405
