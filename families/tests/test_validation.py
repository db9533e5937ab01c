import re

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from families.models import Family
from portail.testing import PASSWORD, make_family, make_user

# Real commits, so that e-mails queued with on_commit are sent.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agent(client):
    user = make_user(Role.AGENT, first_name="Agnès", last_name="Roux")
    client.force_login(user)
    return user


def test_queue_lists_pending_first(client, agent):
    pending = make_family(status=Family.Status.PENDING)
    make_family()

    response = client.get(reverse("families:staff_family_list"))

    assert response.status_code == 200
    assert list(response.context["families"]) == [pending]


def test_validate_sends_single_use_link(client, agent, mailoutbox):
    family = make_family(email="a.valider@test.example", status=Family.Status.PENDING)

    response = client.post(reverse("families:staff_family_validate", args=[family.pk]))

    assert response.status_code == 302
    family.refresh_from_db()
    assert family.status == Family.Status.VALIDATED
    assert family.decided_by == agent
    assert family.account.is_active
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["a.valider@test.example"]
    assert "http://testserver/compte/mot-de-passe/definir/" in mail.body
    actions = set(
        AuditEvent.objects.filter(family=family).values_list("action", flat=True)
    )
    assert {"family.validate", "account.set_password_link"} <= actions


def test_validate_twice_refused(client, agent, mailoutbox):
    family = make_family(status=Family.Status.PENDING)
    url = reverse("families:staff_family_validate", args=[family.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert "plus en attente de validation" in response.content.decode()
    assert len(mailoutbox) == 1


def test_reject_needs_reason(client, agent, mailoutbox):
    family = make_family(status=Family.Status.PENDING)
    url = reverse("families:staff_family_reject", args=[family.pk])

    response = client.post(url, {"reason": "   "})

    assert response.status_code == 200
    assert "Indiquez le motif du refus." in response.content.decode()
    family.refresh_from_db()
    assert family.status == Family.Status.PENDING
    assert mailoutbox == []


def test_reject_sends_reason(client, agent, mailoutbox):
    family = make_family(email="refus@test.example", status=Family.Status.PENDING)
    url = reverse("families:staff_family_reject", args=[family.pk])

    client.post(url, {"reason": "Adresse hors de la communauté de communes."})

    family.refresh_from_db()
    assert family.status == Family.Status.REJECTED
    assert not family.account.is_active
    assert mailoutbox[0].to == ["refus@test.example"]
    assert "Adresse hors de la communauté de communes." in mailoutbox[0].body
    detail = client.get(reverse("families:staff_family_detail", args=[family.pk]))
    assert "Dossier famille refusé" in detail.content.decode()
    assert "Agnès Roux" in detail.content.decode()


def test_resend_link(client, agent, mailoutbox):
    family = make_family(email="relance@test.example")

    client.post(reverse("families:staff_family_resend_link", args=[family.pk]))

    assert mailoutbox[0].to == ["relance@test.example"]
    assert "/compte/mot-de-passe/definir/" in mailoutbox[0].body


def test_set_password_link_works_once(client, agent, mailoutbox):
    family = make_family(email="lien@test.example", status=Family.Status.PENDING)
    client.post(reverse("families:staff_family_validate", args=[family.pk]))
    link = re.search(r"http://testserver(\S+)", mailoutbox[0].body).group(1)
    client.logout()

    first = client.get(link, follow=True)
    form_url = first.redirect_chain[-1][0]
    new_password = {
        "new_password1": "Velo-Rouge-Montagne-42",
        "new_password2": "Velo-Rouge-Montagne-42",
    }
    done = client.post(form_url, new_password)
    second = client.get(link, follow=True)

    assert first.context["validlink"]
    assert done.status_code == 302
    assert not second.context["validlink"]
    assert "Ce lien n'est plus valable" in second.content.decode()
    client.post(
        reverse("accounts:login"),
        {"username": "LIEN@test.example", "password": "Velo-Rouge-Montagne-42"},
    )
    assert client.get(reverse("families:home")).status_code == 200


def test_temporary_password_forces_change(client, agent):
    family = make_family(email="telephone@test.example")
    url = reverse("families:staff_family_temporary_password", args=[family.pk])

    response = client.post(url, {"password": "Tilleul-Bleu-7391"})

    assert response.status_code == 302
    client.logout()
    client.post(
        reverse("accounts:login"),
        {"username": "telephone@test.example", "password": "Tilleul-Bleu-7391"},
    )
    home = client.get(reverse("families:home"))
    assert home.status_code == 302
    assert home.url == reverse("accounts:password_change")
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Tilleul-Bleu-7391",
            "new_password1": "Chataigne-Verte-8842",
            "new_password2": "Chataigne-Verte-8842",
        },
    )
    assert client.get(reverse("families:home")).status_code == 200
    assert AuditEvent.objects.filter(
        family=family, action="account.temporary_password"
    ).exists()


def test_temporary_password_too_weak(client, agent):
    family = make_family()
    url = reverse("families:staff_family_temporary_password", args=[family.pk])

    response = client.post(url, {"password": "1234567890"})

    assert response.status_code == 200
    assert 'value="1234567890"' in response.content.decode()
    family.account.refresh_from_db()
    assert family.account.check_password(PASSWORD)
    assert not family.account.must_change_password


def test_unknown_family_is_404(client, agent):
    response = client.get(reverse("families:staff_family_detail", args=[999999]))

    assert response.status_code == 404


def test_manager_cannot_validate(client):
    client.force_login(make_user(Role.MANAGER))
    family = make_family(status=Family.Status.PENDING)

    response = client.post(reverse("families:staff_family_validate", args=[family.pk]))

    assert response.status_code == 403
    family.refresh_from_db()
    assert family.status == Family.Status.PENDING


def test_reopen_rejected_file(client, agent):
    family = make_family(status=Family.Status.REJECTED)

    client.post(reverse("families:staff_family_reopen", args=[family.pk]))

    family.refresh_from_db()
    assert family.status == Family.Status.PENDING
    assert AuditEvent.objects.filter(family=family, action="family.reopen").exists()


def test_reopen_refused_for_pending_file(client, agent):
    family = make_family(status=Family.Status.PENDING)

    response = client.post(
        reverse("families:staff_family_reopen", args=[family.pk]), follow=True
    )

    assert "Seul un dossier refusé" in response.content.decode()
