// Comfort only: the questionnaire works without this file.
// - Saves the current step in the background when an answer changes; a button pressed while
//   a save is on its way waits for it, so the page never leaves before its answers are saved.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.createElement("p");
  status.className = "autosave-status";
  status.setAttribute("role", "status");
  form.appendChild(status);

  var timer = null;
  var saving = null; // the background save on its way, if any
  var waiting = false; // a button was pressed while it was on its way
  function save() {
    timer = null;
    var data = new FormData(form);
    data.delete("action");
    saving = fetch(form.getAttribute("data-autosave"), {
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
    }).then(function () {
      saving = null;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "action") { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
  form.addEventListener("submit", function (event) {
    clearTimeout(timer); // the button posts the same answers: no need to save them twice
    timer = null;
    if (!saving) { return; }
    event.preventDefault(); // the page leaves once the save on its way is done, with its version
    if (waiting) { return; } // pressed twice: one post is enough
    waiting = true;
    var button = event.submitter;
    saving.then(function () {
      waiting = false;
      if (form.requestSubmit) { form.requestSubmit(button || undefined); return; }
      if (button && button.name) {
        var pressed = document.createElement("input");
        pressed.type = "hidden";
        pressed.name = button.name;
        pressed.value = button.value;
        form.appendChild(pressed);
      }
      form.submit();
    });
  });
})();
