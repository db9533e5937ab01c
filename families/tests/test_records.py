"""Family file and child record edited by the family; changes awaiting staff."""

from html import unescape

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from families.models import ChildHealth, FamilyChangeRequest, Guardian
from families.record_services import approve_change_request
from portail.testing import make_family, make_user

pytestmark = pytest.mark.django_db

RECORD_URL = reverse("families:family_record")


@pytest.fixture
def family(client):
    family = make_family()
    Guardian.objects.create(
        family=family, rank=2, last_name="Martin", first_name="Julien"
    )
    client.force_login(family.account)
    return family


def record_data(family, **overrides):
    parent1, parent2 = family.parent1, family.parent2
    data = {
        "p1-last_name": parent1.last_name,
        "p1-first_name": parent1.first_name,
        "p1-email": parent1.email,
        "p1-mobile_phone": parent1.mobile_phone,
        "p1-other_phone": "",
        "p2-last_name": parent2.last_name if parent2 else "",
        "p2-first_name": parent2.first_name if parent2 else "",
        "p2-email": "",
        "p2-mobile_phone": "",
        "p2-other_phone": "",
        "address-address_line1": family.address_line1,
        "address-address_line2": "",
        "address-postcode": family.postcode,
        "address-commune": family.commune,
        "address-payer_rank": str(family.payer_rank),
    }
    data.update(overrides)
    return data


def actions(family):
    return list(
        AuditEvent.objects.filter(family=family)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_contact_change_applies_at_once(client, family):
    response = client.post(
        RECORD_URL,
        record_data(
            family,
            **{"p1-mobile_phone": "07 11 22 33 44", "address-address_line1": "2 rue"},
        ),
    )

    assert response.status_code == 302
    family.refresh_from_db()
    assert family.guardians.get(rank=1).mobile_phone == "0711223344"
    assert family.address_line1 == "2 rue"
    assert not family.change_requests.exists()
    event = AuditEvent.objects.get(family=family, action="family.update")
    assert event.data["changes"]["parent1.mobile_phone"] == ["0612345678", "0711223344"]


def test_commune_and_payer_wait_for_staff(client, family):
    client.post(
        RECORD_URL,
        record_data(
            family,
            **{
                "address-postcode": "63220",
                "address-commune": "Marsac-en-Livradois",
                "address-payer_rank": "2",
            },
        ),
    )

    family.refresh_from_db()
    assert family.commune == "Saint-Amant-Roche-Savine"
    assert family.payer_rank == 1
    change = family.change_requests.get()
    assert change.status == FamilyChangeRequest.Status.PENDING
    assert change.changes["commune"] == {
        "old": "Saint-Amant-Roche-Savine",
        "new": "Marsac-en-Livradois",
    }
    assert change.changes["payer_rank"] == {"old": 1, "new": 2}
    assert "family.change_request" in actions(family)
    page = unescape(client.get(RECORD_URL).content.decode())
    assert "Saint-Amant-Roche-Savine → Marsac-en-Livradois" in page


def test_second_change_updates_pending_request(client, family):
    client.post(RECORD_URL, record_data(family, **{"address-commune": "Ambert"}))
    client.post(RECORD_URL, record_data(family, **{"address-commune": "Marsac"}))

    change = family.change_requests.get()
    assert change.changes["commune"]["new"] == "Marsac"


def test_taking_back_the_commune_withdraws_the_request(client, family):
    original = family.commune
    client.post(RECORD_URL, record_data(family, **{"address-commune": "Ambert"}))
    change = family.change_requests.get()

    client.post(RECORD_URL, record_data(family, **{"address-commune": original}))

    change.refresh_from_db()
    assert change.status == FamilyChangeRequest.Status.WITHDRAWN
    assert change.decided_by == family.account
    assert not family.change_requests.filter(
        status=FamilyChangeRequest.Status.PENDING
    ).exists()
    event = AuditEvent.objects.get(family=family, action="family.change_withdraw")
    assert event.data["changes"] == {"commune": [original, "Ambert"]}
    client.force_login(make_user(Role.AGENT))
    client.post(reverse("families:staff_change_approve", args=[change.pk]))
    family.refresh_from_db()
    assert family.commune == original


def test_taking_back_the_payer_keeps_the_commune_request(client, family):
    client.post(
        RECORD_URL,
        record_data(family, **{"address-commune": "Ambert", "address-payer_rank": "2"}),
    )

    client.post(
        RECORD_URL,
        record_data(family, **{"address-commune": "Ambert", "address-payer_rank": "1"}),
    )

    change = family.change_requests.get()
    assert change.status == FamilyChangeRequest.Status.PENDING
    assert change.changes == {
        "commune": {"old": "Saint-Amant-Roche-Savine", "new": "Ambert"}
    }
    approve_change_request(change, make_user(Role.AGENT))
    family.refresh_from_db()
    assert (family.commune, family.payer_rank) == ("Ambert", 1)


def test_form_shows_the_requested_commune(client, family):
    client.post(RECORD_URL, record_data(family, **{"address-commune": "Ambert"}))

    page = client.get(RECORD_URL).content.decode()
    # Saving another change with the form as shown keeps the request.
    client.post(
        RECORD_URL,
        record_data(
            family, **{"address-commune": "Ambert", "p1-mobile_phone": "0711223344"}
        ),
    )

    assert 'name="address-commune"' in page
    assert 'value="Ambert"' in page
    change = family.change_requests.get()
    assert change.status == FamilyChangeRequest.Status.PENDING
    assert actions(family).count("family.change_request") == 1


def test_payer_needs_parent2(client, family):
    data = record_data(family, **{"address-payer_rank": "2"})
    for field in ("last_name", "first_name"):
        data[f"p2-{field}"] = ""

    response = client.post(RECORD_URL, data)

    assert response.status_code == 200
    assert "que s'il est renseigné" in unescape(response.content.decode())
    assert family.guardians.filter(rank=2).exists()
    assert not family.change_requests.exists()


def test_staff_approve_applies_change(client, family):
    client.post(RECORD_URL, record_data(family, **{"address-commune": "Ambert"}))
    change = family.change_requests.get()
    agent = make_user(Role.AGENT)
    client.force_login(agent)

    listing = unescape(
        client.get(reverse("families:staff_change_requests")).content.decode()
    )
    response = client.post(reverse("families:staff_change_approve", args=[change.pk]))

    assert "Saint-Amant-Roche-Savine</td><td>Ambert" in listing
    assert response.status_code == 302
    family.refresh_from_db()
    change.refresh_from_db()
    assert family.commune == "Ambert"
    assert change.status == FamilyChangeRequest.Status.APPROVED
    assert change.decided_by == agent
    assert "family.change_approve" in actions(family)


def test_staff_reject_keeps_values(client, family):
    client.post(RECORD_URL, record_data(family, **{"address-commune": "Ambert"}))
    change = family.change_requests.get()
    client.force_login(make_user(Role.AGENT))
    url = reverse("families:staff_change_reject", args=[change.pk])

    without_reason = client.post(url, {"reason": ""}, follow=True)
    client.post(url, {"reason": "Justificatif de domicile manquant."})

    assert "Indiquez le motif du refus." in unescape(without_reason.content.decode())
    family.refresh_from_db()
    change.refresh_from_db()
    assert family.commune == "Saint-Amant-Roche-Savine"
    assert change.status == FamilyChangeRequest.Status.REJECTED
    assert change.rejection_reason == "Justificatif de domicile manquant."


def test_change_requests_closed_to_accountant(client):
    client.force_login(make_user(Role.ACCOUNTANT))

    response = client.get(reverse("families:staff_change_requests"))

    assert response.status_code == 403


def child_data(child, **overrides):
    data = {
        "child-last_name": child.last_name,
        "child-first_name": child.first_name,
        "child-birth_date": child.birth_date.isoformat(),
        "child-sex": child.sex,
        "child-school": "",
        "child-school_level": "CE1",
        "health-allergies": "Arachides",
        "health-diet": "no_pork",
        "health-diet_details": "",
        "health-has_pai": "on",
        "health-vaccinations_up_to_date": "1",
        "health-doctor_name": "Dr Vidal",
        "health-doctor_phone": "04 73 65 43 21",
    }
    data.update(overrides)
    return data


def test_child_record_saved(client, family):
    child = family.children.get()
    url = reverse("families:child_record", args=[child.pk])

    response = client.post(url, child_data(child))

    assert response.status_code == 302
    child.refresh_from_db()
    health = ChildHealth.objects.get(child=child)
    assert child.school_level == "CE1"
    assert health.allergies == "Arachides"
    assert health.has_pai
    assert health.vaccinations_up_to_date is True
    assert health.doctor_phone == "0473654321"
    event = AuditEvent.objects.get(family=family, action="child.health_update")
    assert "allergies" in event.data["fields"]
    assert "Arachides" not in str(event.data)
    assert AuditEvent.objects.filter(family=family, action="child.update").exists()


def test_child_record_errors_keep_input(client, family):
    child = family.children.get()
    url = reverse("families:child_record", args=[child.pk])

    response = client.post(
        url,
        child_data(
            child,
            **{"health-diet": "other", "health-doctor_phone": "12"},
        ),
    )

    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Précisez le régime alimentaire." in page
    assert "« 12 » n'est pas un numéro de téléphone français valide" in page
    assert "Arachides" in page
    assert not ChildHealth.objects.filter(child=child).exists()


def test_other_family_child_page_is_404(client, family):
    intruder = make_family()
    child = family.children.get()
    url = reverse("families:child_record", args=[child.pk])
    client.force_login(intruder.account)

    get = client.get(url)
    post = client.post(url, child_data(child, **{"child-first_name": "Piraté"}))

    assert get.status_code == 404
    assert post.status_code == 404
    child.refresh_from_db()
    assert child.first_name != "Piraté"
    assert not ChildHealth.objects.filter(child=child).exists()
    assert not AuditEvent.objects.filter(family=intruder).exists()


def test_shared_child_record_reachable_by_both(client, family):
    child = family.children.get()
    family.guardians.filter(rank=1).update(mobile_phone="0699887766")
    family.address_line1 = "9 impasse des Saules"
    family.save()
    second = make_family(children=0)
    second.children.add(child)
    client.force_login(second.account)

    pages = [
        unescape(client.get(url).content.decode())
        for url in (
            reverse("families:child_record", args=[child.pk]),
            reverse("families:home"),
            reverse("families:family_record"),
        )
    ]

    assert child.first_name in pages[0]
    for page in pages:
        assert "0699887766" not in page
        assert "9 impasse des Saules" not in page
