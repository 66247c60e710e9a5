// Live coverage: new entries arrive without a reload. The page polls its endpoint (articles/
// coverage.py) every 10 s while the tab is seen, every minute while it is hidden, and offers
// what is new behind a "3 new updates" button instead of moving the page under the reader.
// Corrections, pins and deletions of entries already shown are applied in place at once.
// Without this script the page is complete as it was served.
(function () {
  "use strict";
  var section = document.querySelector("[data-live-endpoint]");
  if (!section || !window.fetch || !window.Map) return;

  var data = (document.currentScript && document.currentScript.dataset) || {};
  var text = {
    one: data.one || "1 new update",
    many: data.many || "%(count)s new updates",
    missed: data.missed || "New updates: reload the page to see them all",
    states: { live: data.live || "Live", paused: data.paused || "Paused", ended: data.ended || "Ended" }
  };
  var endpoint = section.dataset.liveEndpoint;
  var version = Number(section.dataset.liveVersion) || 0;
  var state = section.dataset.liveState;
  var every = (Number(section.dataset.pollSeconds) || 10) * 1000;
  var hiddenEvery = (Number(section.dataset.hiddenPollSeconds) || 60) * 1000;
  var list = section.querySelector("[data-live-entries]");
  var pinnedBox = section.querySelector("[data-live-pinned]");
  var keyBox = section.querySelector("[data-live-key-moments]");
  var news = section.querySelector("[data-live-news]");
  var badge = section.querySelector("[data-live-badge]");
  var pending = new Map();  // entry number -> {node, pinned}, waiting for the reader
  var timer = null;
  var failures = 0;

  // A status region, so that "3 new updates" is announced without taking the focus.
  news.setAttribute("role", "status");
  var showButton = document.createElement("button");
  showButton.type = "button";
  showButton.className = "live__show";
  showButton.addEventListener("click", function () { reveal(true); });

  function element(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function shownEntry(id) {
    return section.querySelector(".live__pinned [data-entry='" + id + "'], .live__entries [data-entry='" + id + "']");
  }

  function announce(node) {
    node.dispatchEvent(new CustomEvent("newsroom:content", { bubbles: true }));
  }

  // Entries in the order they were posted (by number when posted at the same moment).
  function before(a, b) {
    var at = Number(a.dataset.posted) - Number(b.dataset.posted);
    return at ? at < 0 : Number(a.dataset.entry) < Number(b.dataset.entry);
  }

  // Into the list, newest first.
  function place(node) {
    var empty = list.querySelector("[data-live-empty]");
    if (empty) empty.remove();
    var entries = list.querySelectorAll(":scope > [data-entry]");
    for (var i = 0; i < entries.length; i++) {
      if (before(entries[i], node)) {
        list.insertBefore(node, entries[i]);
        return;
      }
    }
    list.appendChild(node);
  }

  function put(node, pinned) {
    if (pinned) pinnedBox.replaceChildren(node);
    else place(node);
    announce(node);
  }

  function apply(entry) {
    var old = shownEntry(entry.id);
    if (entry.deleted) {
      if (old) old.remove();
      pending.delete(entry.id);
      return;
    }
    var node = element(entry.html);
    if (pending.has(entry.id)) {
      pending.set(entry.id, { node: node, pinned: entry.pinned });
    } else if (old) {
      // A correction in place; a pin moves it to the top, an unpin back into the list.
      var moved = entry.pinned !== Boolean(old.closest(".live__pinned"));
      if (moved && !entry.pinned && pinnedWaiting()) {
        // Unpinned for a new entry the reader has not taken in yet: both move together.
        pending.set(entry.id, { node: node, pinned: false });
      } else if (moved) {
        old.remove();
        put(node, entry.pinned);
      } else {
        old.replaceWith(node);
        announce(node);
      }
    } else {
      pending.set(entry.id, { node: node, pinned: entry.pinned });
    }
  }

  function pinnedWaiting() {
    return Array.from(pending.values()).some(function (waiting) { return waiting.pinned; });
  }

  function updateBar(missed) {
    if (missed) {
      var link = document.createElement("a");
      link.href = window.location.pathname + "#live";
      link.className = "live__show";
      link.textContent = text.missed;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.location.reload();
      });
      news.replaceChildren(link);
      news.hidden = false;
      return;
    }
    if (!pending.size) {
      news.hidden = true;
      news.replaceChildren();
      return;
    }
    showButton.textContent = pending.size === 1
      ? text.one
      : text.many.replace("%(count)s", String(pending.size));
    if (!news.contains(showButton)) news.replaceChildren(showButton);
    news.hidden = false;
  }

  function reveal(focusNewest) {
    var first = null;
    Array.from(pending.values())
      .sort(function (a, b) { return before(a.node, b.node) ? -1 : 1; })
      .forEach(function (waiting) {
        var old = shownEntry(waiting.node.dataset.entry);
        if (old) old.remove();
        put(waiting.node, waiting.pinned);
        first = waiting.node;
      });
    pending.clear();
    updateBar(false);
    if (first && focusNewest) {
      // The newest of them takes the focus, so keyboard and screen reader users are there.
      first.tabIndex = -1;
      first.focus();
    }
  }

  function setState(next, label) {
    if (next === state) return;
    state = next;
    section.dataset.liveState = next;
    section.className = section.className.replace(/\blive--\w+/, "live--" + next);
    if (badge) badge.textContent = label || text.states[next] || next;
  }

  function take(answer) {
    var changes = (answer.entries || []).filter(function (entry) { return entry.cursor > version; });
    var oldest = changes.length ? changes[changes.length - 1].cursor : 0;
    var missed = !answer.complete && changes.length === answer.entries.length && oldest > version;
    changes.reverse().forEach(apply);
    if (changes.length && keyBox) {
      keyBox.innerHTML = answer.key_moments_html;
      announce(keyBox);
    }
    version = Math.max(version, Number(answer.version) || 0);
    setState(answer.state, answer.state_label);
    updateBar(missed);
  }

  function schedule(delay) {
    clearTimeout(timer);
    if (state === "ended") return;
    timer = setTimeout(poll, delay);
  }

  function nextDelay() {
    var base = document.hidden ? hiddenEvery : every;
    // After failures, wait longer each time, up to five minutes.
    return failures ? Math.min(base * Math.pow(2, failures), 300000) : base;
  }

  function poll() {
    fetch(endpoint, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (response.status === 404) {
          state = "ended";  // taken down or no longer live: nothing more will come
          return null;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (answer) {
        failures = 0;
        if (answer) take(answer);
      })
      .catch(function () { failures += 1; })
      .then(function () { schedule(nextDelay()); });
  }

  // A key moment whose entry waits behind the button: taken in first, then followed.
  if (keyBox) {
    keyBox.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#entry-']");
      if (link && pending.has(Number(link.hash.slice("#entry-".length)))) reveal(false);
    });
  }

  document.addEventListener("visibilitychange", function () {
    // Back on the tab: ask at once; hidden: slow down.
    schedule(document.hidden ? hiddenEvery : 0);
  });
  schedule(every);
})();
