import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PORTAL_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portail.settings",
        DJANGO_SECRET_KEY="k3y-for-the-deploy-check-" + "q8Zr!" * 10,
        DJANGO_ALLOWED_HOSTS="famille.example.fr",
        DATABASE_URL="postgres://portail@127.0.0.1:5432/portail",
        PORTAL_BASE_URL="https://famille.example.fr",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_missing_secret_key():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="portail.settings",
        PORTAL_BASE_URL="https://famille.example.fr",
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in result.stderr


def test_production_refuses_missing_base_url():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="portail.settings",
        DJANGO_SECRET_KEY="k3y-for-the-deploy-check-" + "q8Zr!" * 10,
    )

    assert result.returncode != 0
    assert "PORTAL_BASE_URL is missing" in result.stderr
