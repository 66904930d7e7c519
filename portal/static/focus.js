// GOV.UK pattern: when a page comes back with errors, move focus to the error summary
// so a screen reader announces it and a keyboard user starts from the list of problems.
(function () {
  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary && document.activeElement !== summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", focusSummary);
  window.addEventListener("load", focusSummary);
})();
