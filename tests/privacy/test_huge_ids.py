"""Attack: probing staff and survey pages with ids too large for SQLite's integers, to
break them (a 500 with the server's error) rather than be told "not found"."""

import pytest
from werkzeug.routing import IntegerConverter

HUGE = str(2**64)
SLUG = "health-check-2026"

STAFF_PAGES = [
    f"/admin/accounts/{HUGE}/edit",
    f"/admin/accounts/{HUGE}/reset",
    f"/admin/cycles/{SLUG}/teams/{HUGE}/edit",
    f"/admin/cycles/{SLUG}/teams/{HUGE}/remove",
    f"/admin/cycles/{SLUG}/results/standards/{HUGE}",
    f"/admin/cycles/{SLUG}/organisation-view/standard-{HUGE}",
    f"/admin/cycles/{SLUG}/trends/standards/{HUGE}",
    f"/admin/cycles/{SLUG}/workforce/teams/{HUGE}",
    f"/admin/cycles/{SLUG}/workforce/teams/{HUGE}/edit",
    f"/admin/cycles/{SLUG}/posters?team={HUGE}",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize("role", ["admin", "psw"])
def test_a_huge_id_on_a_staff_page_is_not_found(sign_in, make_cycle, path, role):
    make_cycle(SLUG, status="open")
    response = sign_in(role).get(path)
    assert response.status_code in (403, 404), response.status_code


def test_a_huge_standard_number_on_the_survey_is_not_found(client, make_cycle):
    make_cycle(SLUG, status="open")
    assert client.get(f"/survey/{SLUG}/standard/{HUGE}").status_code == 404


def test_every_numbered_route_is_covered(app):
    """A new <int:...> route must be probed above too."""
    numbered = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(converter, IntegerConverter) for converter in rule._converters.values())
    }
    probed = {path.replace(HUGE, "").split("?")[0] for path in STAFF_PAGES}
    for rule in numbered:
        bare = rule.replace("<slug>", SLUG)
        for name in ("<int:user_id>", "<int:team_id>", "<int:number>"):
            bare = bare.replace(name, "")
        assert bare in probed or bare == f"/survey/{SLUG}/standard/", rule
