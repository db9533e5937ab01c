"""Conditions that documents put on enrolling and booking."""


def missing_documents(family, child, activity, day=None):
    """Return the labels of the documents missing to enrol or book `day`.

    An empty list lets the request through. `day` is None for an enrolment.
    """
    # TODO: always empty until the documents app lists the document types an
    # activity requires and the family's validated uploads.
    return []
