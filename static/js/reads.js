// Most read: tells the site, once, that this story is in front of a reader. No cookie, no
// identifier: the site counts a reader once an hour from their address and browser, hashed
// with a salt it keeps for the day (articles/counting.py). Sent where the page came from
// too (the referrer), which the site keeps as a name only: "Naver", "X", a site's domain.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  // Automated browsers say so; they are not readers.
  if (!url || navigator.webdriver) return;

  var sent = false;
  function send() {
    // A page prerendered ahead of a click, or opened in a tab not looked at yet, waits.
    if (sent || document.prerendering || document.visibilityState !== "visible") return;
    sent = true;
    var data = new URLSearchParams();
    data.append("referrer", document.referrer || "");
    if (navigator.sendBeacon && navigator.sendBeacon(url, data)) return;
    if (window.fetch) {
      fetch(url, { method: "POST", body: data, keepalive: true, credentials: "same-origin" })
        .catch(function () {});  // a count lost is not worth a reader's attention
    }
  }

  document.addEventListener("prerenderingchange", send);
  document.addEventListener("visibilitychange", send);
  send();
})();
