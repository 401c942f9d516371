"""Attack: with the token of a plan upload waiting in one cycle, discard it through another
cycle's address, so the steering group's reviewed changes vanish from under them."""

from healthcheck.uploads import waiting

PASSWORD_HOLDER = "psw@council.example"
KIND = waiting.ACTION_PLAN


def test_an_upload_cannot_be_discarded_through_another_cycle(sign_in, make_cycle, db):
    target = make_cycle("health-check-2026", status="open")
    make_cycle("health-check-2027", name="Health check 2027")
    token = waiting.keep(db, target, KIND, b"workbook bytes", "plan.xlsx", PASSWORD_HOLDER)

    response = sign_in("psw").post(f"/admin/cycles/health-check-2027/action-plan/import/{token}/discard")

    assert response.status_code == 302
    assert waiting.waiting(db, target, KIND, token) is not None
    assert db["waiting_uploads"].count == 1


def test_the_right_cycle_still_discards_it(sign_in, make_cycle, db):
    target = make_cycle("health-check-2026", status="open")
    token = waiting.keep(db, target, KIND, b"workbook bytes", "plan.xlsx", PASSWORD_HOLDER)
    response = sign_in("psw").post(f"/admin/cycles/health-check-2026/action-plan/import/{token}/discard")
    assert response.status_code == 302
    assert waiting.waiting(db, target, KIND, token) is None
