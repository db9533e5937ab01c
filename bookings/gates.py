"""Conditions that documents put on enrolling and booking."""

from django.utils import timezone


def missing_documents(family, child, activity, day=None):
    """Return the labels of the documents missing to enrol or book `day`.

    An empty list lets the request through. `day` is None for an enrolment,
    which needs the documents valid today. Called inside the transaction that
    writes, so a document rejected meanwhile counts.
    """
    from documents.services import missing_documents as document_problems

    on = day or timezone.localdate()
    return [
        problem.message.rstrip(".")
        for problem in document_problems(family, child, activity, on)
    ]
