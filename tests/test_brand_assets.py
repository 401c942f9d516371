"""No GOV.UK-only brand assets are served. GDS Transport is licensed only for services on
GOV.UK, and the crown, crest and GOV.UK icons belong to them too: a council running this
serves its pages in Arial/Helvetica, under its own name."""

import re
from pathlib import Path

from conftest import page

from healthcheck import cycles

STYLESHEET = "/static/govuk/govuk-frontend.min.css"
FONT_FILES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
# Words in the names of GOV.UK Frontend's brand images: the crown logo, the royal crest,
# and the crown favicons, touch icons and sharing image.
BRAND_IMAGE_WORDS = ("crown", "crest", "royal-arms", "govuk-icon", "favicon", "opengraph")
# What GOV.UK Frontend's prebuilt assets folder holds, at the paths its stylesheet and
# page template ask for.
GOVUK_ASSET_URLS = [
    "/assets/fonts/bold-b542beb274-v2.woff2",
    "/assets/fonts/light-94a07e06a1-v2.woff2",
    "/assets/fonts/bold-affa96571d-v2.woff",
    "/assets/fonts/light-f591b13f7d-v2.woff",
    "/assets/images/govuk-crest.svg",
    "/assets/images/favicon.ico",
    "/assets/images/favicon.svg",
    "/assets/images/govuk-icon-180.png",
    "/assets/images/govuk-icon-mask.svg",
    "/assets/manifest.json",
]


def served_static_files(app, client) -> dict[str, bytes]:
    """Every file under static/, fetched through the app as a browser would."""
    folder = Path(app.static_folder)
    served = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            url = "/static/" + path.relative_to(folder).as_posix()
            response = client.get(url)
            assert response.status_code == 200, url
            served[url] = response.data
    return served


def test_the_stylesheet_is_govuk_frontend_in_arial_without_gds_transport(client):
    response = client.get(STYLESHEET)
    assert response.status_code == 200
    css = response.get_data(as_text=True)
    assert ".govuk-button" in css and ".govuk-service-navigation" in css
    assert "gds transport" not in css.lower()
    assert "@font-face" not in css
    assert not any(suffix in css for suffix in FONT_FILES)
    families = set(re.findall(r"font-family:\s*([^;}]+)", css))
    assert "arial,helvetica,sans-serif" in {family.replace(" ", "").lower() for family in families}
    # It asks for no file at all, so no font and no crown or crest image.
    assert re.findall(r"url\([^)]*\)", css) == []


def test_no_font_or_brand_image_is_in_the_static_folder(app, client):
    served = served_static_files(app, client)
    assert STYLESHEET in served and "/static/govuk/govuk-frontend.min.js" in served
    for url, body in served.items():
        name = url.lower()
        assert not name.endswith(FONT_FILES), url
        assert not any(word in name for word in BRAND_IMAGE_WORDS), url
        assert b"GDS Transport" not in body, url


def test_nothing_is_served_where_govuk_frontend_keeps_its_assets(app, client):
    assert not [rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/assets")]
    for url in GOVUK_ASSET_URLS:
        assert client.get(url).status_code == 404, url
        assert client.get("/static" + url).status_code == 404, url


def test_pages_ask_for_no_govuk_icons_and_every_file_they_ask_for_is_ours(client):
    soup = page(client.get("/sign-in"))
    linked = [link["href"] for link in soup.find_all("link", href=True)]
    linked += [script["src"] for script in soup.find_all("script", src=True)]
    assert linked, "the page links its stylesheets and scripts"
    assert not soup.find_all(
        "link", rel=lambda rel: rel and {"icon", "mask-icon", "apple-touch-icon", "manifest"} & set(rel)
    )
    assert not soup.find("meta", property="og:image")
    for url in linked:
        assert url.startswith("/static/"), url
        assert not any(word in url.lower() for word in BRAND_IMAGE_WORDS), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"GDS Transport" not in response.data, url


def header(response):
    return page(response).select_one("header.govuk-template__header")


def test_the_header_shows_the_organisation_name_from_settings(app, client):
    app.config["ORGANISATION_NAME"] = "Northfield Borough Council"
    top = header(client.get("/sign-in"))
    assert top.select_one(".app-header__organisation").get_text(strip=True) == "Northfield Borough Council"
    assert top.select_one(".govuk-service-navigation__service-name").get_text(strip=True) == "Social Work Health Check"
    # No GOV.UK logo: no crown drawn and no link to GOV.UK.
    assert not top.find("svg")
    assert not top.select(".govuk-header__logo, .govuk-header__logotype, .govuk-header__homepage-link")
    assert "GOV.UK" not in top.get_text()


def test_the_header_shows_the_name_set_on_the_organisation_page(app, client, db):
    app.config["ORGANISATION_NAME"] = "Name From Settings"
    cycles.set_organisation_name(db, "Southmoor City Council")
    response = client.get("/sign-in")
    assert header(response).select_one(".app-header__organisation").get_text(strip=True) == "Southmoor City Council"
    assert "Name From Settings" not in response.get_data(as_text=True)


def test_the_header_shows_the_name_on_error_pages(app, client):
    app.config["ORGANISATION_NAME"] = "Northfield Borough Council"
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert header(response).select_one(".app-header__organisation").get_text(strip=True) == "Northfield Borough Council"


def test_without_a_name_there_is_no_empty_band(client):
    top = header(client.get("/sign-in"))
    assert top.select_one(".app-header") is None
    assert top.select_one(".govuk-service-navigation__service-name").get_text(strip=True) == "Social Work Health Check"
