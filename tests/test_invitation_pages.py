"""The principal social worker's invitation page: add people by upload (checked, previewed,
confirmed) or by pasting, edit the messages, and send in batches that show how many are left."""

import io

from conftest import page

from healthcheck.survey import invitations

TEAMS = [("Locality North", "Adults", 30), ("Front Door", "Children", 30)]


def upload(client, slug, text: str, name="staff.csv"):
    return client.post(
        f"/admin/cycles/{slug}/email-invitations/upload",
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def test_upload_preview_confirm_then_send_in_batches(mail_app, smtp_server, sign_in, make_cycle, db):
    cycle = make_cycle(status="open", teams=TEAMS)
    psw = sign_in("psw")
    rows = "\n".join(f"p{n}@council.example,{'Front Door' if n % 3 else 'Locality North'}" for n in range(30))
    preview = upload(psw, cycle["slug"], "email,team\n" + rows)
    assert preview.status_code == 200
    shown = page(preview).select_one("#preview").get_text(" ", strip=True)
    assert "30 people" in shown and "Front Door: 20" in shown and "Locality North: 10" in shown
    assert db["invitations"].count == 0  # nothing added before confirming
    token = page(preview).select_one("input[name=token]")["value"]
    psw.post(f"/admin/cycles/{cycle['slug']}/email-invitations/confirm", data={"token": token, "action": "add"})
    assert db["invitations"].count == 30
    assert db["waiting_uploads"].count == 0

    psw.post(f"/admin/cycles/{cycle['slug']}/email-invitations/send/invitation")
    assert len(smtp_server.sink.messages) == invitations.BATCH  # one batch a request
    shown = page(psw.get(f"/admin/cycles/{cycle['slug']}/email-invitations"))
    assert shown.select_one("#send-invitations").get_text(strip=True) == "Send the next 5 invitations"
    psw.post(f"/admin/cycles/{cycle['slug']}/email-invitations/send/invitation")
    assert len(set(smtp_server.sink.recipients())) == 30 == len(smtp_server.sink.messages)
    shown = page(psw.get(f"/admin/cycles/{cycle['slug']}/email-invitations"))
    assert shown.select_one("#invitation-counts").get_text(strip=True) == "30 invited, 30 have not answered."
    assert "Send reminders to the 30 who have not answered" in shown.select_one("#start-reminders").get_text()


def test_a_bad_upload_names_each_row_and_adds_nothing(mail_app, sign_in, make_cycle, db):
    cycle = make_cycle(status="open", teams=TEAMS)
    response = upload(sign_in("psw"), cycle["slug"], "email,team\nfine@council.example,Front Door\nbroken,Nowhere\n")
    assert response.status_code == 400
    problems = page(response).select_one("#problems").get_text(" ", strip=True)
    assert "row 3" in problems and "broken is not an email address" in problems
    assert "there is no team called Nowhere" in problems
    assert db["invitations"].count == 0 and db["waiting_uploads"].count == 0


def test_pasted_addresses_and_edited_messages(mail_app, smtp_server, sign_in, make_cycle, db):
    cycle = make_cycle(status="open", teams=TEAMS)
    psw = sign_in("psw")
    psw.post(
        f"/admin/cycles/{cycle['slug']}/email-invitations/paste",
        data={"team": "Front Door", "addresses": "a@council.example\nb@council.example; c@council.example"},
    )
    assert invitations.counts(db, cycle)["invited"] == 3
    bad = psw.post(
        f"/admin/cycles/{cycle['slug']}/email-invitations/messages",
        data={
            "invitation_subject": "Please answer {survey}",
            "invitation_body": "Hello {name}",
            "reminder_subject": "Reminder",
            "reminder_body": "{link}",
        },
    )
    assert bad.status_code == 400
    assert (
        "{name} is not something the message can fill in" in page(bad).select_one("#invitation_body-error").get_text()
    )
    psw.post(
        f"/admin/cycles/{cycle['slug']}/email-invitations/messages",
        data={
            "invitation_subject": "Please answer {survey}",
            "invitation_body": "For {team} at {organisation}: {link} (closes {closes_on})",
            "reminder_subject": "Reminder",
            "reminder_body": "{link}",
        },
    )
    psw.post(f"/admin/cycles/{cycle['slug']}/email-invitations/send/invitation")
    message = smtp_server.sink.to("b@council.example")[0]
    assert message["Subject"] == "Please answer Health check 2026"
    assert message.get_content().startswith(
        "For Front Door at our organisation: https://healthcheck.council.example/survey/"
    )


def test_without_mail_settings_the_page_says_so_and_sends_nothing(sign_in, make_cycle):
    cycle = make_cycle(status="open", teams=TEAMS)
    psw = sign_in("psw")
    shown = page(psw.get(f"/admin/cycles/{cycle['slug']}/email-invitations"))
    assert "HEALTHCHECK_SMTP_URL is not set" in shown.select_one("#mail-settings").get_text()
    assert psw.post(f"/admin/cycles/{cycle['slug']}/email-invitations/send/invitation").status_code == 400


def test_only_editors_reach_the_page(sign_in, make_cycle):
    cycle = make_cycle(status="open", teams=TEAMS)
    assert sign_in("viewer").get(f"/admin/cycles/{cycle['slug']}/email-invitations").status_code == 403
    assert sign_in("psw").get(f"/admin/cycles/{cycle['slug']}/email-invitations").status_code == 200
