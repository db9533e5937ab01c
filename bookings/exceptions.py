"""Refusals raised by the booking services.

Each carries a translated French message meant for the person who asked;
the service raising it has written nothing.
"""


class BookingError(Exception):
    """A request refused by a rule; `message` is shown as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class NotFound(BookingError):
    """The child, booking or request is not in the caller's family file.

    Views return 404, so that another family's ids reveal nothing.
    """


class NotAllowed(BookingError):
    """The member of staff does not manage the activity's structure."""


class NotEnrolled(BookingError):
    pass


class NotEligible(BookingError):
    pass


class AlreadyEnrolled(BookingError):
    pass


class DeadlinePassed(BookingError):
    pass


class AlreadyDecided(BookingError):
    pass


class InvalidRequest(BookingError):
    """The request itself is malformed: empty, unknown unit, wrong dates."""
