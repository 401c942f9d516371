"""Social Work Health Check: the app factory."""

from pathlib import Path

from flask import Flask
from flask_wtf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from healthcheck import settings
from healthcheck.paths import resource_dir

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        static_folder=str(resource_dir("static")),
        static_url_path="/static",
        template_folder=str(resource_dir("templates")),
        instance_relative_config=True,
    )
    instance_path = Path(app.instance_path)
    app.config.from_mapping(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
    )
    if test_config is None:
        app.config.update(settings.from_environment(instance_path))
    else:
        app.config.update(test_config)
        app.config.setdefault("REPORTING_THRESHOLD", settings.DEFAULT_REPORTING_THRESHOLD)
        settings.reporting_threshold(app.config["REPORTING_THRESHOLD"])
        app.config.setdefault("ORGANISATION_NAME", "")
        app.config.setdefault("IDLE_MINUTES", settings.DEFAULT_IDLE_MINUTES)
    instance_path.mkdir(parents=True, exist_ok=True)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(resource_dir("templates"))),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    csrf.init_app(app)
    WTFormsHelpers(app)

    from healthcheck import admin, db, formatting, migrations
    from healthcheck.publishing import routes as published
    from healthcheck.web import auth, converters, dates, errors, pages, ratelimit, security

    converters.init_app(app)
    db.init_app(app)
    # Every start brings the schema up to date, so a fresh install needs no extra step.
    migrations.init_db(app.config["DATABASE"]).close()
    formatting.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    dates.init_app(app)
    auth.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(published.bp)

    from healthcheck.cli.setup import register_commands

    register_commands(app)

    from healthcheck.survey import routes as survey

    app.register_blueprint(survey.bp)
    # Staff pages name a cycle's public survey link "survey_link": the survey's start page.
    app.add_url_rule("/survey/<slug>", "survey_link", survey.start, methods=["GET", "POST"])

    # Last, so the limits can wrap views from every blueprint.
    ratelimit.init_app(app)
    return app
