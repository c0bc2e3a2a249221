// On every page: move focus to an error summary, so screen readers announce it.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
