// Comfort only: the questionnaire works without this file.
// - Saves the current step in the background when an answer changes; a button pressed while
//   a save is on its way waits for it, so the page never leaves before its answers are saved.
// - Counts the characters of a field with a limit (data-limit): longer text is never cut, the
//   server refuses it with a message, so the count says so while typing.
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
      if (response.status === 422) {
        return response.json().then(function (refused) {
          var problems = refused.problems || [];
          status.textContent = problems.length ?
            "Not saved yet: " + problems.join(" ") :
            "Not saved yet: check the answers marked on the page when you continue.";
        });
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

  function characters(text) { return Array.from ? Array.from(text).length : text.length; }
  Array.prototype.forEach.call(form.querySelectorAll("[data-limit]"), function (field) {
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    var count = document.createElement("p");
    count.className = "character-count";
    count.id = field.id + "-count";
    count.setAttribute("aria-live", "polite");
    field.parentNode.insertBefore(count, field.nextSibling);
    var shown = null;
    function show() {
      var length = characters(field.value.trim());
      var over = length > limit;
      count.textContent = over ?
        length.toLocaleString("en") + " characters: " + (length - limit).toLocaleString("en") +
          " more than the limit of " + limit.toLocaleString("en") + ". Shorten it to save it." :
        length.toLocaleString("en") + " of " + limit.toLocaleString("en") + " characters";
      count.classList.toggle("over", over);
      count.hidden = !over && length < limit * 0.8;
    }
    field.addEventListener("input", function () {
      clearTimeout(shown);
      shown = setTimeout(show, 250);
    });
    show();
  });
})();
