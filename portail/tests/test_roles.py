"""Every URL of the project, walked with each kind of visitor.

Views are classified by the decorators they carry: `family_required` marks
family pages, `role_required` staff pages. A new URL that is neither, and not
listed as public below, fails the walk until someone decides what it is.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from portail.testing import make_family, make_user

PUBLIC_URL_NAMES = {
    "landing",
    "rules",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:after_login",
    "accounts:password_change",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:set_password",
    "accounts:password_set_done",
    "families:signup",
    "families:signup_done",
    "families:commune_notice",
}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = (
                f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            )
            yield prefix + str(entry.pattern), name, entry.callback


def concrete_path(route, object_id):
    """Turn a route such as 'gestion/familles/<int:pk>/' into a real path."""
    path = re.sub(r"<int:\w+>", str(object_id), route)
    path = re.sub(r"<(?:str|slug|uuid|path):?\w*>", "x", path)
    path = re.sub(r"<\w+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$")


def all_views():
    return list(walk(get_resolver().url_patterns))


def classify(callback):
    if getattr(callback, "family_view", False):
        return "family"
    if getattr(callback, "required_roles", None):
        return "staff"
    return "public"


def test_every_url_is_classified():
    unclassified = [
        (route, name)
        for route, name, callback in all_views()
        if classify(callback) == "public" and name not in PUBLIC_URL_NAMES
    ]

    assert unclassified == [], "mark these views family_required or role_required"


@pytest.mark.django_db
def test_anonymous_sent_to_login_from_family_urls(client):
    family = make_family()
    family_urls = [r for r, _n, cb in all_views() if classify(cb) == "family"]
    assert family_urls

    for route in family_urls:
        path = concrete_path(route, family.pk)
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, path
            assert response.url.startswith(reverse("accounts:login")), path


@pytest.mark.django_db
def test_family_refused_on_staff_urls(client):
    family = make_family()
    client.force_login(family.account)
    staff_urls = [r for r, _n, cb in all_views() if classify(cb) == "staff"]
    assert staff_urls

    for route in staff_urls:
        path = concrete_path(route, family.pk)
        for method in (client.get, client.post):
            assert method(path).status_code == 403, path


@pytest.mark.django_db
def test_family_refused_on_admin(client):
    client.force_login(make_family().account)

    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/families/family/").status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.ACCOUNTANT])
def test_staff_refused_on_family_urls(client, role):
    client.force_login(make_user(role))
    family_urls = [r for r, _n, cb in all_views() if classify(cb) == "family"]

    for route in family_urls:
        assert client.get(concrete_path(route, 1)).status_code == 403, route


@pytest.mark.django_db
def test_rules_page_linked_from_signup(client, settings):
    signup = client.get(reverse("families:signup")).content.decode()
    rules = client.get(reverse("rules"))
    settings.PORTAL_RULES_URL = "https://collectivite.example/reglement.pdf"
    elsewhere = client.get(reverse("rules"))

    assert reverse("rules") in signup
    assert rules.status_code == 200
    assert elsewhere.status_code == 302
    assert elsewhere.url == "https://collectivite.example/reglement.pdf"
