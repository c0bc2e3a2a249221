// Comfort only: without this file a link to hand out stays in a read-only field to select and copy.
// - Shows each "Copy link" button where the browser lets a page copy, and says when it has copied.
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
        status.textContent = "Copied";
      }, function () {
        field.focus();
        status.textContent = "Could not copy it here: the link is selected, so copy it with your keyboard or menu.";
      });
    });
  });
})();
