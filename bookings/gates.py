"""Conditions that documents put on enrolling and booking."""

from django.utils import timezone


def documents_checker(family, child, activity):
    """Return a function of a day that lists the documents missing on that day.

    It loads the required types and the family's documents once, for a
    request that books many days.
    """
    from documents.services import missing_documents_checker

    problems_on = missing_documents_checker(family, child, activity)

    def missing_on(day):
        return [problem.message.rstrip(".") for problem in problems_on(day)]

    return missing_on


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


def planning_documents_checker(family, activities):
    """Return a function (child, activity, day) -> DocumentProblems.

    For the planning and booking pages: a fixed number of queries whatever
    the number of children, activities and days.
    """
    from documents.services import family_documents_checker

    return family_documents_checker(family, activities)
