"""A wheel built from the repository, installed in a fresh virtual environment, serves
the sign-in page with its stylesheet: templates, static files and the bank travel with it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next((work / "dist").glob("healthcheck-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], check=True, capture_output=True)
    return venv


@pytest.mark.slow
def test_installed_wheel_carries_templates_static_and_bank(installed_wheel):
    code = (
        "import healthcheck, pathlib; p = pathlib.Path(healthcheck.__file__).parent; "
        "print(all((p / d).is_dir() for d in ('templates', 'static', 'question_bank')))"
    )
    out = subprocess.run([str(installed_wheel / "bin" / "python"), "-c", code], cwd="/", capture_output=True, text=True)
    assert out.stdout.strip() == "True", out.stderr


@pytest.mark.slow
def test_installed_wheel_checks_its_bank(installed_wheel, tmp_path):
    out = subprocess.run(
        [str(installed_wheel / "bin" / "healthcheck"), "check-bank"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "HEALTHCHECK_DATABASE": str(tmp_path / "x.sqlite")},
    )
    assert out.returncode == 0, out.stderr
    assert "39 steps" in out.stdout


@pytest.mark.slow
def test_installed_wheel_serves_sign_in_with_its_css(installed_wheel, tmp_path):
    port = free_port()
    env = {**os.environ, "HEALTHCHECK_DATABASE": str(tmp_path / "served.sqlite"), "SECRET_KEY": "wheel test"}
    server = subprocess.Popen(
        [str(installed_wheel / "bin" / "healthcheck"), "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        html = BeautifulSoup(wait_for(f"http://127.0.0.1:{port}/sign-in"), "html.parser")
        assert html.select_one("h1").text.strip() == "Sign in"
        stylesheets = [link["href"] for link in html.select("link[rel=stylesheet]")]
        assert "/static/govuk/govuk-frontend.min.css" in stylesheets
        for href in stylesheets:
            assert len(wait_for(f"http://127.0.0.1:{port}{href}", 5)) > 0
        assert b"govuk-button" in wait_for(f"http://127.0.0.1:{port}/static/govuk/govuk-frontend.min.css", 5)
        assert b'"status": "ok"' in wait_for(f"http://127.0.0.1:{port}/healthz", 5).replace(b'":"', b'": "')
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    # gunicorn, not the Flask development server
    assert "Booting worker" in output or "Listening at" in output
    assert "development server" not in output


@pytest.mark.slow
def test_installed_wheel_carries_the_dfe_figures_and_refreshes_outside_the_package(installed_wheel, tmp_path):
    newer = tmp_path / "newer.csv"
    bundled = REPO / "healthcheck" / "data" / "csww_indicators.csv"
    newer.write_bytes(bundled.read_bytes())
    code = (
        "import healthcheck, pathlib; p = pathlib.Path(healthcheck.__file__).parent / 'data'; "
        "print((p / 'csww_indicators.csv').stat().st_size, (p / 'README.md').is_file())"
    )
    out = subprocess.run([str(installed_wheel / "bin" / "python"), "-c", code], cwd="/", capture_output=True, text=True)
    assert out.stdout.split() == [str(bundled.stat().st_size), "True"], out.stderr
    env = {**os.environ, "HEALTHCHECK_DATABASE": str(tmp_path / "x.sqlite"), "SECRET_KEY": "wheel test"}
    out = subprocess.run(
        [str(installed_wheel / "bin" / "healthcheck"), "refresh-benchmarks", str(newer)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert "2017 to 2025" in out.stdout and "Saved as" in out.stdout
    assert "site-packages" not in out.stdout.split("Saved as")[1]
