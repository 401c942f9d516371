"""The import page for earlier answers: upload, a mapping page that suggests every column's
use (confirming is all a tool's export needs), the import and its summary."""

import io

import survey_exports as exports
from conftest import page

from healthcheck.survey import mapping


def upload(client, slug, name, data: bytes, saved: bytes | None = None):
    fields = {"file": (io.BytesIO(data), name)}
    if saved is not None:
        fields["saved_mapping"] = (io.BytesIO(saved), "mapping.toml")
    return client.post(f"/admin/cycles/{slug}/answers/import", data=fields, content_type="multipart/form-data")


def choices_on(html) -> dict:
    """Every select's chosen value, as the browser would send the form."""
    sent = {}
    for select in html.select("form select"):
        chosen = select.select_one("option[selected]")
        sent[select["name"]] = chosen["value"] if chosen else ""
    return sent


def test_a_surveymonkey_export_imports_by_confirming_the_suggestions(app, sign_in, db, past_cycle, tmp_path):
    client = sign_in("psw")
    cycle_page = page(client.get(f"/admin/cycles/{past_cycle['slug']}"))
    assert cycle_page.select_one("#import-answers")["href"].endswith("/answers/import")
    path = exports.write_xlsx(tmp_path / "SurveyMonkey export.xlsx", exports.surveymonkey_expanded())
    response = upload(client, past_cycle["slug"], path.name, path.read_bytes())
    assert response.status_code == 302 and response.location.endswith("/answers/import/mapping")
    html = page(client.get(response.location))
    assert html.select_one("#layout").text == "SurveyMonkey"
    assert html.select_one("#undecided") is None
    rows = {tr["data-column"]: tr for tr in html.select("#columns tbody tr")}
    assert rows["F"].select_one("option[selected]").text.startswith("Not stored")
    assert rows["M"].select_one("option[selected]").text.startswith("Question 29a")
    assert db["responses"].count == 0
    done = page(client.post(response.location, data={**choices_on(html), "action": "import"}))
    assert done.select_one("h1").text == "Answers imported"
    lines = [li.text for li in done.select("#summary li")]
    assert lines[0] == "Stored 3 responses from SurveyMonkey export.xlsx (SurveyMonkey)."
    summary = {
        tr.select_one("th").text: [td.text for td in tr.select("td")] for tr in done.select("#columns-summary tbody tr")
    }
    assert summary["F"] == ["Email Address", "not stored (identifies someone or when they answered)", "0", "3"]
    assert summary["M"][2:] == ["3", "0"]
    assert db["responses"].count == 3
    assert db["waiting_uploads"].count == 0
    db.conn.commit()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("test.sqlite*"))
    for value in exports.IDENTIFYING_VALUES:
        assert value.encode() not in stored


def test_an_id_like_header_stays_undecided_and_nothing_is_imported_until_it_is_chosen(
    sign_in, db, past_cycle, tmp_path
):
    client = sign_in("psw")
    path = exports.write_csv(tmp_path / "codes.csv", exports.limesurvey_codes())
    location = upload(client, past_cycle["slug"], path.name, path.read_bytes()).location
    html = page(client.get(location))
    assert "the header is the id of question S7a in this app" in html.select_one("#undecided").text
    refused = page(client.post(location, data={**choices_on(html), "action": "import"}))
    assert "column K ('S7a')" in refused.select_one("#import-problems").text
    assert db["responses"].count == 0
    # The PSW decides every column and code, saves the mapping, and imports.
    sent = {**choices_on(html), "column-10": "item:S7a", "column-11": "ignore", "column-12": "item:5a"}
    checked = page(client.post(location, data={**sent, "action": "check"}))
    labels = {tr.select("td")[1].text: tr.select_one("select")["name"] for tr in checked.select("#labels tbody tr")}
    assert sorted(labels)[:3] == ["a2", "a3", "a5"]  # the codes this file holds, listed to decide
    sent = {**choices_on(checked), labels["a2"]: "agree", labels["a3"]: "neither"}
    sent[labels["a5"]] = "strongly_disagree"
    saved = client.post(location, data={**sent, "action": "save"})
    assert saved.headers["Content-Disposition"] == 'attachment; filename="answers-mapping.toml"'
    decided = mapping.read_saved(saved.get_data(as_text=True))
    assert {"header": "S7a", "use": "item", "item": "S7a"} in decided["columns"]
    done = page(client.post(location, data={**sent, "action": "import"}))
    assert done.select_one("#summary li").text == "Stored 3 responses from codes.csv (LimeSurvey)."
    assert db["responses"].count == 3
