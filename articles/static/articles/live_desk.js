// The live desk (articles/admin/live.py): Enter posts the entry, Shift+Enter starts a new line
// (on a touch screen, whose keyboard has no Shift+Enter, Enter is a new line and the Post
// button posts); posts and the entries' actions go in the background and the list is swapped
// for the new one, so the editor keeps typing. Every form also works as a plain post.
// What is typed is kept in this tab until it is posted: a reload, a move of the coverage, a
// split-out or a signed-out session loses nothing.
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
  var draftKey = "live-desk-draft:" + window.location.pathname;
  var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  var busy = false;

  // The draft, kept in this tab.
  function keep() {
    try {
      if (text.value.trim()) sessionStorage.setItem(draftKey, text.value);
      else sessionStorage.removeItem(draftKey);
    } catch (error) { /* private mode: nothing kept */ }
  }
  try {
    var kept = sessionStorage.getItem(draftKey);
    if (kept && !text.value.trim()) text.value = kept;
  } catch (error) { /* nothing kept */ }
  text.addEventListener("input", keep);
  document.querySelectorAll(".live-desk__moves, [data-plain]").forEach(function (element) {
    element.addEventListener("click", keep);
  });

  function say(target, message, failed) {
    target.textContent = message || "";
    target.classList.toggle("live-desk__status--error", Boolean(failed));
  }

  function decoded(header) {
    return (header || "").replace(/&#(\d+);/g, function (_, code) {
      return String.fromCharCode(code);
    });
  }

  // What went wrong, in words: a lost session or a stale form is not a failed connection.
  function refusal(response) {
    if (response.type === "opaqueredirect" || response.status === 0) return data.signedOut;
    if (response.status === 403) return data.expired;
    return null;
  }

  function send(target, body) {
    // getAttribute: the forms have controls named "action", which hide the form's property.
    return fetch(target.getAttribute("action") || window.location.href, {
      method: "POST",
      body: body,
      headers: { "X-Live-Desk": "1" },
      credentials: "same-origin",
      redirect: "manual"  // a redirect here is to the sign-in page: never a success
    }).then(function (response) {
      var refused = refusal(response);
      if (refused) return { ok: false, message: refused };
      var message = decoded(response.headers.get("X-Live-Desk-Message"));
      return response.text().then(function (html) {
        if (response.ok) list.innerHTML = html;
        return { ok: response.ok, message: message || data.failed };
      });
    });
  }

  function post() {
    if (busy) return;
    if (!text.value.trim()) {
      say(status, data.empty, true);
      text.focus();
      return;
    }
    busy = true;
    button.disabled = true;
    say(status, data.posting);
    send(form, new FormData(form))
      .then(function (answer) {
        say(status, answer.message, !answer.ok);
        if (answer.ok) {
          text.value = "";
          keep();
          form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
          var clear = form.querySelector(".library-choice__clear");
          if (clear && !clear.hidden) clear.click();
        }
      })
      .catch(function () { say(status, data.failed, true); })
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
    if (touch) return;
    event.preventDefault();
    post();
  });

  // An entry's actions: the answer is said beside the entry, and the focus stays with it.
  function entryStatus(item) {
    var line = item.querySelector("[data-entry-status]");
    if (!line) {
      line = document.createElement("p");
      line.className = "live-desk__status";
      line.setAttribute("role", "status");
      line.dataset.entryStatus = "";
      item.appendChild(line);
    }
    return line;
  }

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
    var item = target.closest("[data-desk-entry]");
    var id = item ? item.id : "";
    var neighbour = item && (item.nextElementSibling || item.previousElementSibling);
    var next = neighbour ? neighbour.id : "";  // where the focus goes if this one is deleted
    var body = new FormData(target);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    send(target, body).then(function (answer) {
      if (!answer.ok) {  // the list is as it was: the correction's words stay in their box
        say(entryStatus(item), answer.message, true);
        return;
      }
      var again = document.getElementById(id) || document.getElementById(next);
      if (!again) {
        say(status, answer.message);
        text.focus();
        return;
      }
      say(entryStatus(again), answer.message);
      again.tabIndex = -1;
      again.focus();
    }).catch(function () { say(entryStatus(item), data.failed, true); });
  });
})();
