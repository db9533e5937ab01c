"""The activity catalogue for families, and enrolment."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity
from families.models import Child
from families.permissions import family_required

from .. import services
from ..exceptions import BookingError
from ..models import Enrolment
from ..rules import eligibility_problem
from .family import bookable_activity, family_child


class Node:
    """A heading or activity of the tree, with its children and, for a
    bookable activity, one entry per child of the family."""

    def __init__(self, activity):
        self.activity = activity
        self.children = []
        self.entries = []

    @property
    def bookable(self):
        activity = self.activity
        return activity.has_period and activity.structure_id is not None

    @property
    def has_content(self):
        return self.bookable or any(child.has_content for child in self.children)


def _entry(child, activity, enrolment, today):
    """Return what `child` can do with `activity`: its enrolment or why not."""
    if enrolment is not None:
        return {"child": child, "enrolment": enrolment, "problem": ""}
    if activity.end_date < today:
        return {"child": child, "enrolment": None, "problem": _("activité terminée")}
    problem = eligibility_problem(child, activity, max(activity.start_date, today))
    return {"child": child, "enrolment": None, "problem": problem}


def catalogue_tree(family):
    """Return the root Nodes of the active catalogue, in four queries."""
    today = timezone.localdate()
    children = list(family.children.order_by("birth_date", "first_name"))
    activities = list(
        Activity.objects.filter(is_active=True)
        .select_related("structure")
        .prefetch_related("units")
        .order_by("position", "name")
    )
    enrolments = {}
    for enrolment in Enrolment.objects.filter(family=family).order_by("created_at"):
        # The latest enrolment of a child in an activity tells its state.
        enrolments[(enrolment.child_id, enrolment.activity_id)] = enrolment
    nodes = {activity.pk: Node(activity) for activity in activities}
    roots = []
    for activity in activities:
        node = nodes[activity.pk]
        parent = nodes.get(activity.parent_id)
        (parent.children if parent else roots).append(node)
        if node.bookable:
            node.entries = [
                _entry(
                    child,
                    activity,
                    enrolments.get((child.pk, activity.pk)),
                    today,
                )
                for child in children
            ]
    return [root for root in roots if root.has_content]


FEEDBACK_SESSION_KEY = "bookings:enrol_feedback"


@family_required
def catalogue(request):
    """The activity tree with each child's enrolment state and the enrol buttons.

    The outcome of the last enrolment is shown inside its activity, where
    the family clicked, rather than at the top of the page.
    """
    context = {
        "roots": catalogue_tree(request.family),
        "statuses": Enrolment.Status,
        "feedback": request.session.pop(FEEDBACK_SESSION_KEY, None),
    }
    return render(request, "bookings/family/catalogue.html", context)


def _enrolled_message(child, activity, enrolment):
    values = {"child": child.first_name, "activity": activity.name}
    if enrolment.status != Enrolment.Status.ACTIVE:
        return (
            _(
                "Pré-inscription envoyée pour %(child)s à « %(activity)s » : la "
                "structure va l'étudier et vous recevrez sa décision par e-mail."
            )
            % values
        )
    if child.sex == Child.Sex.GIRL:
        return (
            _("%(child)s est inscrite à « %(activity)s » : vous pouvez réserver.")
            % values
        )
    return (
        _("%(child)s est inscrit à « %(activity)s » : vous pouvez réserver.") % values
    )


@family_required
@require_POST
def enrol(request):
    """Fields: `child` and `activity` ids. Enrols directly or pre-registers."""
    child = family_child(request, request.POST.get("child"))
    activity = bookable_activity(request.POST.get("activity"))
    try:
        enrolment = services.enrol(request.family, child, activity, actor=request.user)
    except BookingError as error:
        ok, text = False, error.message
    else:
        ok, text = True, _enrolled_message(child, activity, enrolment)
    request.session[FEEDBACK_SESSION_KEY] = {
        "activity": activity.pk,
        "ok": ok,
        "text": str(text),
    }
    return redirect(reverse("bookings:catalogue") + f"#resultat-{activity.pk}")
