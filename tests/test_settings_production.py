"""Production settings: secure by default, loud when something is missing.

Each case starts ``manage.py`` in a fresh process, because settings are
read once at start-up from the environment.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k3J9x-Qz8vLm2Rt7Wp4Ys6Bn1Hc5Df0Gj9Kl3Mn8Pq2Rs7Tu4Vw6Xy1Za5Bc"
SCRUBBED = {
    "HUDDLE_TESTING",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "DATABASE_URL",
    "OIDC_SERVER_URL",
    "HUDDLE_BASE_URL",
    "HUDDLE_CAMPUS_CRISIS_LINES",
}
# Everything production requires, set well.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "huddle.example.edu",
    "HUDDLE_BASE_URL": "https://huddle.example.edu",
    "HUDDLE_CAMPUS_CRISIS_LINES": "Counseling center (24/7)|+1 (312) 867-4000,Campus police|312-867-4911",
}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a fresh process with this environment less the settings and pytest's own variables."""
    environ = {k: v for k, v in os.environ.items() if k not in SCRUBBED and not k.startswith("PYTEST")}
    environ.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return _run("manage.py", *args, **env)


def test_deploy_check_passes_without_warnings_in_production():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="huddle.example.edu")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is false." in result.stderr


def test_it_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DEBUG="false", SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is false." in result.stderr


def test_it_refuses_to_start_without_a_base_url():
    result = _manage("check", DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="huddle.example.edu")
    assert result.returncode != 0
    assert "ImproperlyConfigured: HUDDLE_BASE_URL must be set when DEBUG is false" in result.stderr


def test_it_refuses_a_base_url_with_a_path():
    result = _manage("check", **(PRODUCTION | {"HUDDLE_BASE_URL": "https://huddle.example.edu/login?next=/"}))
    assert result.returncode != 0
    assert "HUDDLE_BASE_URL must be an http:// or https:// address with no path" in result.stderr


def test_deploy_check_warns_when_production_has_no_campus_crisis_lines():
    environ = PRODUCTION.copy()
    del environ["HUDDLE_CAMPUS_CRISIS_LINES"]
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **environ)
    assert result.returncode != 0
    assert "(huddle.W001) HUDDLE_CAMPUS_CRISIS_LINES is not set" in result.stderr
    # A warning, not a refusal: the server still starts and shows 988 and 911.
    assert _manage("check", **environ).returncode == 0


def test_it_refuses_malformed_campus_crisis_lines():
    result = _manage("check", **(PRODUCTION | {"HUDDLE_CAMPUS_CRISIS_LINES": "Counseling center 312-867-4000"}))
    assert result.returncode != 0
    assert "ImproperlyConfigured: HUDDLE_CAMPUS_CRISIS_LINES must be Label|number pairs" in result.stderr


def test_it_refuses_the_fictional_demo_lines_in_production():
    result = _manage("check", **(PRODUCTION | {"HUDDLE_CAMPUS_CRISIS_LINES": "Counseling|555-0100"}))
    assert result.returncode != 0
    assert "HUDDLE_CAMPUS_CRISIS_LINES has '555-0100', a fictional 555-01xx number" in result.stderr


def test_it_refuses_a_misspelt_debug_value():
    result = _manage("check", DEBUG="ture", SECRET_KEY=SECRET, ALLOWED_HOSTS="huddle.example.edu")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_it_refuses_a_bad_email_url_at_start_up():
    result = _manage(
        "check", DEBUG="false", SECRET_KEY=SECRET, ALLOWED_HOSTS="huddle.example.edu", EMAIL_URL="smtpp://mail"
    )
    assert result.returncode != 0
    assert "EMAIL_URL scheme 'smtpp' is not supported" in result.stderr


def test_deploy_check_flags_the_development_secret():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="true")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout  # DEBUG on in deployment


def test_pytest_without_huddle_testing_stops_instead_of_using_production_settings():
    """Test mode comes from HUDDLE_TESTING alone, and pytest without it stops at once.

    The production variables are set, so without the guard this run would
    quietly collect the tests against production settings.
    """
    result = _run(
        *("-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", "tests/test_settings_env.py"),
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="huddle.example.edu",
    )
    assert result.returncode != 0, result.stdout
    assert "pytest is running without HUDDLE_TESTING=true" in result.stdout + result.stderr
