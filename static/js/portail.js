// Move the focus to what needs attention after a page load: the error
// summary of a form sent with mistakes, else the first invalid field, else
// a result shown next to the control that caused it.
document.addEventListener("DOMContentLoaded", function () {
  var target =
    document.querySelector("[data-error-summary]") ||
    document.querySelector("[aria-invalid='true']") ||
    document.querySelector("[data-focus-on-load]");
  if (target) {
    target.focus();
    target.scrollIntoView({ block: "center" });
  }
});

// Planning cells swapped by htmx: give the focus back to the cell that was
// activated, so keyboard and screen reader users stay where they were.
(function () {
  var pendingCell = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var cell = event.detail.elt.closest("[data-cell]");
    pendingCell = cell ? cell.id : null;
  });
  document.addEventListener("htmx:load", function (event) {
    var element = event.detail.elt;
    if (!pendingCell || !element.id || element.id !== pendingCell) {
      return;
    }
    pendingCell = null;
    var control = element.querySelector("a, button") || element;
    control.focus();
  });
})();
