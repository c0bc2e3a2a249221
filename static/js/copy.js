// Comfort only: without this file a link to hand out stays in a read-only field to select and copy.
// - Shows each copy button where the browser lets a page copy, and says when it has copied, in the
//   words the page gives it (data-copied, data-not-copied), so they are in the page's language.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!field || !status) { return; }
    button.hidden = false;
    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        field.focus();
        status.textContent = button.getAttribute("data-not-copied");
      });
    });
  });
})();
