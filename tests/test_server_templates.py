"""`healthcheck serve` compiles every page template before its workers fork, so no worker
compiles one while answering a request."""

from healthcheck.web.server import compile_templates


def test_every_page_template_is_compiled_once_before_serving(app):
    compiled = compile_templates(app)
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    assert compiled == len(names) > 50
    assert "survey/question_page.html" in names and "govuk_frontend_jinja/template.html" in names
    loaded = {key[1] for key in app.jinja_env.cache.keys()}
    assert set(names) <= loaded
