// The live desk (articles/admin/live.py): Enter posts the entry, Shift+Enter starts a new line;
// posts and the entries' actions go in the background and the list is swapped for the new one,
// so the editor keeps typing. Every form also works as a plain post without this script.
(function () {
  "use strict";
  var desk = document.querySelector("[data-live-desk]");
  if (!desk || !window.fetch) return;
  var data = document.currentScript ? document.currentScript.dataset : {};
  var form = desk.querySelector("[data-live-post]");
  var text = form.querySelector("textarea");
  var status = form.querySelector("[data-live-status]");
  var list = desk.querySelector("[data-live-list]");
  var button = form.querySelector(".live-desk__post");
  var busy = false;

  function say(message, failed) {
    status.textContent = message || "";
    status.classList.toggle("live-desk__status--error", Boolean(failed));
  }

  function send(target, body) {
    // getAttribute: the forms have controls named "action", which hide the form's property.
    return fetch(target.getAttribute("action") || window.location.href, {
      method: "POST",
      body: body,
      headers: { "X-Live-Desk": "1" },
      credentials: "same-origin"
    }).then(function (response) {
      var message = response.headers.get("X-Live-Desk-Message") || "";
      message = message.replace(/&#(\d+);/g, function (_, code) { return String.fromCharCode(code); });
      return response.text().then(function (html) {
        if (response.ok || response.status === 400) list.innerHTML = html;
        return { ok: response.ok, message: message };
      });
    });
  }

  function post() {
    if (busy) return;
    if (!text.value.trim()) {
      say(text.dataset.empty || "Write the entry before posting it.", true);
      text.focus();
      return;
    }
    busy = true;
    button.disabled = true;
    say(data.posting || "Posting…");
    send(form, new FormData(form))
      .then(function (answer) {
        say(answer.message, !answer.ok);
        if (answer.ok) {
          text.value = "";
          form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
          var clear = form.querySelector(".library-choice__clear");
          if (clear && !clear.hidden) clear.click();
        }
      })
      .catch(function () { say(data.failed || "Not posted: the connection failed.", true); })
      .then(function () {
        busy = false;
        button.disabled = false;
        text.focus();
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    post();
  });
  text.addEventListener("keydown", function (event) {
    // Not while an input method is composing (Hangul): Enter then ends the syllable.
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    post();
  });

  list.addEventListener("submit", function (event) {
    var target = event.target;
    if (!target.matches("[data-live-action]")) return;
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-plain")) return;  // goes to another page
    if (submitter && submitter.hasAttribute("data-confirm") && !window.confirm(data.confirmDelete)) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    var body = new FormData(target);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    send(target, body).then(function (answer) { say(answer.message, !answer.ok); })
      .catch(function () { say(data.failed, true); });
  });
})();
