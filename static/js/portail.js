// Move the focus to what needs attention after a page load: the error
// summary of a form sent with mistakes, else the first invalid field.
document.addEventListener("DOMContentLoaded", function () {
  var target =
    document.querySelector("[data-error-summary]") ||
    document.querySelector("[aria-invalid='true']");
  if (target) {
    target.focus();
    target.scrollIntoView({ block: "center" });
  }
});
