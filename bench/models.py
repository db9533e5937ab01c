from django.db import models


class FloorSlot(models.Model):
    """One (unit, day) place counter for the floor measurement."""

    day = models.DateField()
    unit = models.PositiveSmallIntegerField()
    capacity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit"], name="bench_floor_slot_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} unit {self.unit}"


class FloorBooking(models.Model):
    slot = models.ForeignKey(FloorSlot, on_delete=models.CASCADE)
    family_id = models.BigIntegerField()

    def __str__(self):
        return f"{self.slot} family {self.family_id}"
