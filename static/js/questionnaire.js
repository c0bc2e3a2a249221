// Comfort only: the questionnaire works without this file.
// - Saves the current step in the background when an answer changes; a button pressed while
//   a save is on its way waits for it, so the page never leaves before its answers are saved.
// - Counts the characters of a field with a limit (data-limit): longer text is never cut, the
//   server refuses it with a message, so the count says so while typing.
// What it says comes from the page (#questionnaire-texts), in the page's language.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var words = document.getElementById("questionnaire-texts");
  if (!form || !words || !window.fetch || !window.FormData) { return; }
  var texts = JSON.parse(words.textContent);
  var locale = document.documentElement.lang || "en";
  function say(name, values) {
    return texts[name].replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : all;
    });
  }
  function number(n) { return n.toLocaleString(locale); }
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
        status.textContent = say("expired");
        return;
      }
      if (response.status === 409) {
        status.textContent = say("conflict");
        return;
      }
      if (response.status === 422) {
        return response.json().then(function (refused) {
          var problems = refused.problems || [];
          status.textContent = problems.length ?
            say("problems", { problems: problems.join(" ") }) :
            say("not_saved");
        });
      }
      if (!response.ok) {
        status.textContent = say("not_saved");
        return;
      }
      return response.json().then(function (saved) {
        form.querySelector("input[name=version]").value = saved.version;
        status.textContent = say("saved");
      });
    }).catch(function () {
      status.textContent = say("offline");
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
        say("over", { length: number(length), over: number(length - limit), limit: number(limit) }) :
        say("count", { length: number(length), limit: number(limit) });
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
