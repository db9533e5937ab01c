"""E-mails of the bookings app, all sent after the commit."""

from messaging.services import send_templated_mail


def _recipients(family):
    return [family.account.email]


def enrolment_decided(enrolment):
    template = (
        "bookings/email/enrolment_accepted"
        if enrolment.status == enrolment.Status.ACTIVE
        else "bookings/email/enrolment_refused"
    )
    send_templated_mail(
        template,
        {
            "enrolment": enrolment,
            "child": enrolment.child,
            "activity": enrolment.activity,
            "reason": enrolment.decision_reason,
        },
        _recipients(enrolment.family),
    )


def waiting_request_promoted(request, units):
    send_templated_mail(
        "bookings/email/waiting_promoted",
        {
            "request": request,
            "child": request.child,
            "activity": request.activity,
            "day": request.day,
            "units": units,
        },
        _recipients(request.family),
    )
