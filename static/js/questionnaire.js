// Comfort only: the questionnaire works without this file.
// - Saves the current step in the background when an answer changes.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.createElement("p");
  status.className = "autosave-status";
  status.setAttribute("role", "status");
  form.appendChild(status);

  var timer = null;
  function save() {
    var data = new FormData(form);
    data.delete("action");
    fetch(form.getAttribute("data-autosave"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 400) {
        status.textContent = "Not saved: this page was open for a long time. Press the button below to save.";
        return;
      }
      if (response.status === 409) {
        status.textContent = "These answers were changed in another tab. Press the button below to see both versions.";
        return;
      }
      if (!response.ok) {
        status.textContent = "Not saved yet: check the answers marked on the page when you continue.";
        return;
      }
      return response.json().then(function (saved) {
        form.querySelector("input[name=version]").value = saved.version;
        status.textContent = "All changes saved.";
      });
    }).catch(function () {
      status.textContent = "Could not save just now. Your answers stay on this page.";
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "action") { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
})();
