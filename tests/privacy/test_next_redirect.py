"""Attack: a phishing link to the real sign-in page whose "next" sends the person, once
signed in, to another site (a tab or newline that browsers drop turns "/\t/evil.example"
into "//evil.example"), or a "next" that breaks the page."""

import urllib.parse

import pytest

PASSWORD = "a long test password"

HOSTILE = [
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d%0a/evil.example",
    "%0a",
    "/%0a",
    "/%2509/evil.example",
    "/%20/evil.example",
    "/%5cevil.example",
    "/%E2%80%8B/evil.example",
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_lands_on_the_dashboard(client, users, target):
    response = client.post(f"/sign-in?next={target}", data={"email": "admin@council.example", "password": PASSWORD})
    assert response.status_code == 302
    location = urllib.parse.urlsplit(response.location)
    assert location.netloc in ("", "localhost")
    assert response.location.endswith("/admin/")


def test_a_plain_same_site_next_is_still_followed(client, users):
    response = client.post(
        "/sign-in?next=/admin/accounts", data={"email": "admin@council.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.location == "/admin/accounts"
