"""Results of the booking services, one per requested day."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class DayResult:
    """The outcome of one requested day: booked, on the waiting list or refused.

    `message` gives the reason of a refusal, in French for the family.
    """

    BOOKED = "booked"
    WAITING = "waiting"
    REFUSED = "refused"

    day: date
    outcome: str
    message: str = ""
    bookings: list = field(default_factory=list)
    waiting_request: object = None
    position: int | None = None
    surcharged: bool = False

    @property
    def is_booked(self):
        return self.outcome == self.BOOKED

    @property
    def is_waiting(self):
        return self.outcome == self.WAITING

    @property
    def is_refused(self):
        return self.outcome == self.REFUSED


@dataclass
class WholeActivityResult:
    """Every day of a whole-activity booking, split by outcome."""

    days: list[DayResult]

    @property
    def bookings(self):
        return [
            booking
            for result in self.days
            for booking in result.bookings
            if result.is_booked
        ]

    @property
    def waiting(self):
        return [result for result in self.days if result.is_waiting]

    @property
    def skipped(self):
        """Refused days as (day, reason) pairs, in date order."""
        return [
            (result.day, result.message) for result in self.days if result.is_refused
        ]


@dataclass
class CancellationResult:
    booking: object
    promoted: list = field(default_factory=list)
