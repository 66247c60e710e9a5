// The story form's writing tools (articles/admin/editing.py, writing_tools.html): autosave
// and its recovery, who else has the story open, and a live preview of the unsaved text.
// Without this script the form saves as it always did.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const tools = document.getElementById("writing-tools");
  const form = document.getElementById("article_form");
  if (!tools || !form) return;
  const settings = tools.dataset;
  const csrf = form.elements.csrfmiddlewaretoken.value;

  const post = (url, data) => {
    const payload = new FormData();
    payload.append("csrfmiddlewaretoken", csrf);
    for (const [name, value] of Object.entries(data)) payload.append(name, value);
    return fetch(url, {
      method: "POST",
      body: payload,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    }).then(async (response) => {
      const json = (response.headers.get("Content-Type") || "").includes("application/json");
      return { response, data: json ? await response.json() : null };
    });
  };

  // Presence: who else has the story open, refreshed by a heartbeat that also says we do.

  const presence = tools.querySelector("[data-presence]");
  const heartbeat = () => {
    post(settings.presenceUrl, {})
      .then(({ data }) => {
        if (!data) return;
        presence.textContent = data.message;
        presence.hidden = !data.message;
      })
      .catch(() => {}); // the next beat will tell
  };
  if (settings.presenceUrl) {
    heartbeat();
    setInterval(heartbeat, Number(settings.heartbeatSeconds || 20) * 1000);
  }

  const body = form.elements.body;
  if (!settings.autosaveUrl || !body || body.tagName !== "TEXTAREA") return; // read-only here
  const fields = settings.fields.split(" ").map((name) => form.elements[name]).filter(Boolean);
  const storageKey = `newsroom:story-text:${settings.key}`;
  const status = document.querySelector("[data-autosave-status]");
  const paused = tools.querySelector("[data-paused]");

  // Text as a save stores it (common/text.py, and the form trims): a difference that
  // vanishes on saving is no difference.
  const stored = (name, value) =>
    name === "body" ? value.replace(/\r\n?/g, "\n").trim() : value.split(/\s+/).join(" ").trim();
  const values = () => Object.fromEntries(fields.map((field) => [field.name, field.value]));
  const same = (a, b) =>
    fields.every(({ name }) => stored(name, a[name] ?? "") === stored(name, b[name] ?? ""));

  const opened = values();
  let sent = opened; // what the server last kept, or the story as it was opened
  let unsaved = "unsaved" in settings; // a form sent back with errors: nothing was saved
  let submitting = false;
  let stopped = false;
  let keepingHere = false; // the server is not getting the text: the browser keeps it
  let timer = null;

  // The browser's copy of text the server has not got: offered back on the next visit.
  const local = {
    read() {
      try {
        return JSON.parse(localStorage.getItem(storageKey));
      } catch {
        return null;
      }
    },
    keep() {
      const copy = { fields: values(), at: new Date().toISOString(), base: baseVersion() };
      try {
        localStorage.setItem(storageKey, JSON.stringify(copy));
      } catch {
        // Private browsing or a full store: the beforeunload warning still stands.
      }
    },
    drop() {
      try {
        localStorage.removeItem(storageKey);
      } catch {
        // Nothing was kept.
      }
    },
  };

  const baseVersion = () => (form.elements.base_version ? form.elements.base_version.value : "");

  const say = (text) => {
    if (status) status.textContent = text;
  };

  // Autosave: every few seconds while the text changes, to the user's one autosave row.

  const every = () => Number(settings.autosaveSeconds || 15) * 1000;
  const schedule = () => {
    if (!stopped && timer === null) timer = setTimeout(autosave, every());
  };

  const stop = (message) => {
    stopped = true;
    clearTimeout(timer);
    timer = null;
    keepingHere = true;
    local.keep();
    paused.textContent = message;
    paused.hidden = false;
  };

  const failed = (message) => {
    keepingHere = true;
    local.keep();
    say(message);
    schedule(); // try again, typed or not
  };

  function autosave() {
    timer = null;
    const text = values();
    if (stopped || submitting || same(text, sent)) return;
    post(settings.autosaveUrl, { ...text, base_version: baseVersion() })
      .then(({ response, data }) => {
        if (response.status === 409 && data) return stop(data.message);
        if (response.status === 403) return stop(settings.refused);
        if (!response.ok || !data) return failed(settings.offline);
        sent = text;
        say(data.message);
        if (same(values(), text)) {
          keepingHere = false;
          local.drop();
        }
      })
      .catch(() => failed(settings.offline));
  }

  const changed = () => {
    if (keepingHere) local.keep();
    schedule();
  };

  const dirty = () => unsaved || !same(values(), opened);

  form.addEventListener("input", (event) => {
    if (fields.includes(event.target)) changed();
  });
  form.addEventListener("submit", () => {
    submitting = true;
    if (keepingHere) local.keep(); // in case the save does not get through either
  });
  window.addEventListener("beforeunload", (event) => {
    if (submitting || !dirty()) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers want this to ask
  });
  window.addEventListener("pagehide", () => {
    if (!submitting && !same(values(), sent)) local.keep();
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = false; // back from the next page: the form is live again
  });

  // Recovery: the autosave kept on the server, or the browser's copy, whichever is newer and
  // differs from the form, offered once.

  const offer = tools.querySelector("[data-offer]");
  const fromServer = document.getElementById("writing-tools-autosave");
  const candidates = [];
  if (fromServer) {
    const at = offer.dataset.savedAt;
    candidates.push({ server: true, fields: JSON.parse(fromServer.textContent), at, behind: "behind" in offer.dataset });
  }
  let kept = local.read();
  // Just saved, over the version the browser's copy was typed on: the save took that text.
  const savedJustNow = document.querySelector(".messagelist .success") !== null;
  if (kept && savedJustNow && Number(kept.base || 0) < Number(baseVersion() || 0)) {
    local.drop();
    kept = null;
  }
  if (unsaved) {
    // A form sent back with errors (a refused or merged save) holds the typed text already.
    candidates.length = 0;
  } else if (kept && kept.fields && !same(kept.fields, opened)) {
    const behind = Boolean(kept.base) && Number(kept.base) < Number(baseVersion() || 0);
    candidates.push({ server: false, fields: kept.fields, at: kept.at, behind });
  } else if (kept) {
    local.drop(); // it is on the form already
  }
  candidates.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const offered = candidates[0];

  const when = (iso) => {
    // As common.formats.when writes it: "24 May 2024, 1 PM KST".
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: settings.zone,
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "numeric",
        minute: "2-digit",
        hour12: true,
      })
        .formatToParts(new Date(iso))
        .map(({ type, value }) => [type, value]),
    );
    const minutes = parts.minute === "00" ? "" : `:${parts.minute}`;
    const half = (parts.dayPeriod || "").toUpperCase();
    return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}${minutes} ${half} ${settings.zoneLabel}`;
  };

  const fill = (text) => {
    for (const field of fields) {
      if (typeof text[field.name] !== "string") continue;
      field.value = text[field.name];
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  if (offered) {
    if (!offered.server) offer.querySelector("[data-time]").textContent = when(offered.at);
    offer.querySelector("[data-behind-note]").hidden = !offered.behind;
    offer.hidden = false;
    offer.querySelector("[data-restore]").addEventListener("click", () => {
      fill(offered.fields);
      if (offered.server) sent = offered.fields; // the server has this text already
      offer.hidden = true;
      body.focus();
    });
    offer.querySelector("[data-discard]").addEventListener("click", () => {
      local.drop();
      if (fromServer) post(settings.autosaveUrl, { discard: "1" }).catch(() => {});
      offer.hidden = true;
    });
  }

  // Live preview: the story as readers will see it, with the text on the form, in a frame
  // beside the body (under it on a narrow screen), as wide as a phone or a desktop.

  const pane = document.getElementById("story-preview");
  const stage = pane.querySelector("[data-stage]");
  const row = body.closest(".form-row") || body.parentElement;
  row.classList.add("has-preview");
  row.append(pane);
  pane.hidden = false;
  let width = 390;
  let frame = null;
  let serial = 0;
  let previewTimer = null;

  const fit = (target) => {
    const scale = Math.min(1, stage.clientWidth / width);
    target.style.width = `${width}px`;
    target.style.height = `${stage.clientHeight / scale}px`;
    target.style.transform = `scale(${scale})`;
    target.style.left = `${Math.max(0, (stage.clientWidth - width * scale) / 2)}px`;
  };

  const refresh = () => {
    // A new frame each time, shown once loaded: no flash of an empty frame, and no entry in
    // the browser's history for each preview (a frame's first page replaces its blank one).
    serial += 1;
    const next = document.createElement("iframe");
    next.name = `story-preview-${serial}`;
    next.title = stage.dataset.title;
    next.className = "story-preview__frame story-preview__frame--loading";
    stage.append(next);
    fit(next);
    next.dataset.serial = String(serial);
    next.addEventListener("load", () => {
      const shown = next.contentWindow;
      if (!shown || shown.location.href === "about:blank") return;
      if (frame && Number(frame.dataset.serial) > Number(next.dataset.serial)) {
        next.remove(); // a later preview came back first
        return;
      }
      const scrolled = frame && frame.contentWindow ? frame.contentWindow.scrollY : 0;
      shown.scrollTo(0, scrolled);
      for (const link of shown.document.querySelectorAll("a[href]")) {
        link.target = "_blank"; // away from the form, never inside the frame
        link.rel = "noopener";
      }
      if (frame) frame.remove();
      frame = next;
      next.classList.remove("story-preview__frame--loading");
    });
    const sender = document.createElement("form");
    sender.method = "post";
    sender.action = settings.previewUrl;
    sender.target = next.name;
    sender.hidden = true;
    for (const [name, value] of Object.entries({ ...values(), csrfmiddlewaretoken: csrf })) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      sender.append(input);
    }
    document.body.append(sender);
    sender.submit();
    sender.remove();
  };

  const delay = Number(settings.previewDelay || 800);
  form.addEventListener("input", (event) => {
    if (!fields.includes(event.target)) return;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refresh, delay);
  });

  for (const button of pane.querySelectorAll("[data-width]")) {
    button.addEventListener("click", () => {
      width = Number(button.dataset.width);
      for (const other of pane.querySelectorAll("[data-width]")) {
        other.setAttribute("aria-pressed", String(other === button));
      }
      pane.dataset.width = String(width);
      for (const shown of stage.querySelectorAll("iframe")) fit(shown);
    });
  }
  window.addEventListener("resize", () => {
    for (const shown of stage.querySelectorAll("iframe")) fit(shown);
  });
  refresh();
});
