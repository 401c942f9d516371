"""Attack: "who has answered?". A member of staff invites the team by email, waits for a known
colleague to answer through her link, then reads everything staff can reach (the invitation
pages, every results page, the scores JSON, the workbook, the uptake page) for any sign of
who has or has not answered. All she finds are totals: no address appears anywhere, and the
only thing that moves is the count of people who have not answered."""

import io
import re

from conftest import page
from privacy_snapshots import snapshot
from survey_helpers import answer_whole_survey

from healthcheck import cycles

TEAMS = [("Locality North", "Adults", 30), ("Front Door", "Children", 30)]
STAFF_PAGES = ["", "email-invitations", "invitations", "access-codes"]


def staff_view(client, slug: str) -> dict:
    seen = {}
    for path in STAFF_PAGES:
        response = client.get(f"/admin/cycles/{slug}/{path}".rstrip("/"))
        main = page(response).select_one("main")
        seen[path] = (response.status_code, " ".join(main.get_text(" ").split()) if main else "")
    seen.update(snapshot(client, slug))
    return seen


def test_staff_see_counts_only_never_who_has_answered(mail_app, smtp_server, sign_in, make_cycle, db):
    cycle = make_cycle(status="open", teams=TEAMS)
    psw = sign_in("psw")
    staff = "email,team\n" + "\n".join(f"k.okafor{n}@council.example,Front Door" for n in range(12)) + "\n"
    preview = psw.post(
        f"/admin/cycles/{cycle['slug']}/email-invitations/upload",
        data={"file": (io.BytesIO(staff.encode()), "staff.csv")},
        content_type="multipart/form-data",
    )
    token = page(preview).select_one("input[name=token]")["value"]
    psw.post(f"/admin/cycles/{cycle['slug']}/email-invitations/confirm", data={"token": token, "action": "add"})
    psw.post(f"/admin/cycles/{cycle['slug']}/email-invitations/send/invitation")
    assert len(smtp_server.sink.messages) == 12
    psw.get(f"/admin/cycles/{cycle['slug']}/email-invitations")  # reads the message "Sent 12 invitations"

    before = {role: staff_view(sign_in(role), cycle["slug"]) for role in ("psw", "admin", "viewer")}
    # The known colleague answers through her own link.
    colleague = smtp_server.sink.to("k.okafor7@council.example")[0]
    front = cycles.find_team(db, cycle["id"], "front-door")
    client = mail_app.test_client()
    answer_whole_survey(client, cycle, team_id=front["id"], start_path=smtp_server.sink.link(colleague))
    assert client.post(f"/survey/{cycle['slug']}/check-your-answers").status_code == 302
    after = {role: staff_view(sign_in(role), cycle["slug"]) for role in ("psw", "admin", "viewer")}

    for role in after:
        everything = str(after[role])
        assert "@council.example" not in everything.replace(f"{role}@council.example", "")
        assert "okafor" not in everything
        for path in after[role]:
            # The response-rate table ("Getting responses") counts responses by team under its
            # own threshold rules (test_participation_subtraction.py); everything else:
            if path not in ("", "invitations") and after[role][path] != before[role][path]:
                # Whatever moved is a number (a total), never a name, an address or a list.
                assert _without_numbers(after[role][path]) == _without_numbers(before[role][path]), (role, path)
    assert "12 invited, 11 have not answered." in after["psw"]["email-invitations"][1]
    assert "12 invited, 12 have not answered." in before["psw"]["email-invitations"][1]


def _without_numbers(seen) -> str:
    return re.sub(r"\d[\d,.]*", "#", str(seen))
