"""The app factory, its configuration and the health probe."""

import stat

import pytest

from healthcheck import create_app, settings
from healthcheck.db import open_database


def test_healthz_reports_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_database_file_defaults_to_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("HEALTHCHECK_DATABASE", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = settings.from_environment(tmp_path)
    assert config["DATABASE"] == str(tmp_path / "healthcheck.sqlite")


def test_database_file_comes_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHCHECK_DATABASE", str(tmp_path / "elsewhere.sqlite"))
    assert settings.from_environment(tmp_path)["DATABASE"] == str(tmp_path / "elsewhere.sqlite")


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = settings.secret_key(tmp_path)
    second = settings.secret_key(tmp_path)
    assert first == second
    assert len(first) >= 64
    mode = (tmp_path / "secret_key").stat().st_mode
    assert not mode & (stat.S_IRGRP | stat.S_IROTH)


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    assert settings.secret_key(tmp_path) == "from the environment"
    assert not (tmp_path / "secret_key").exists()


def test_two_instances_get_different_secret_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert settings.secret_key(tmp_path / "one") != settings.secret_key(tmp_path / "two")


@pytest.mark.parametrize("value", ["2", "0", "-5"])
def test_reporting_threshold_below_three_is_refused(value, tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHCHECK_REPORTING_THRESHOLD", value)
    with pytest.raises(settings.SettingsError, match="3 or more"):
        settings.from_environment(tmp_path)


def test_reporting_threshold_must_be_a_number(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHCHECK_REPORTING_THRESHOLD", "five")
    with pytest.raises(settings.SettingsError, match="whole number"):
        settings.from_environment(tmp_path)


def test_reporting_threshold_defaults_to_five(tmp_path, monkeypatch):
    monkeypatch.delenv("HEALTHCHECK_REPORTING_THRESHOLD", raising=False)
    assert settings.from_environment(tmp_path)["REPORTING_THRESHOLD"] == 5


def test_test_config_threshold_below_three_is_refused(tmp_path):
    with pytest.raises(settings.SettingsError):
        create_app({"DATABASE": str(tmp_path / "x.sqlite"), "SECRET_KEY": "k", "REPORTING_THRESHOLD": 2})


def test_database_uses_wal_and_foreign_keys(app):
    db = open_database(app.config["DATABASE"])
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_migrations_are_recorded_by_name(db):
    names = [row["name"] for row in db["_sqlite_migrations"].rows]
    assert names[:4] == ["m001_users", "m002_organisation", "m003_cycles", "m004_teams"]


def test_foreign_keys_refuse_a_team_without_its_cycle(db):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        db["teams"].insert({"cycle_id": 999, "slug": "x", "name": "X"})


def test_security_headers_on_pages(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_govuk_assets_are_served(client):
    css = client.get("/static/govuk/govuk-frontend.min.css")
    assert css.status_code == 200
    assert b".govuk-button" in css.data
    script = client.get("/static/govuk/govuk-frontend.min.js")
    assert script.status_code == 200
    assert b"initAll" in script.data
