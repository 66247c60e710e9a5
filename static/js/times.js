// Release times for readers outside Korea, and countdowns to a release. Every page already
// states its times in KST; this only adds the reader's own clock and keeps countdowns current.
(function () {
  "use strict";
  var script = document.currentScript;
  var yourTime = (script && script.dataset.yourTime) || "%(time)s your time";
  var lang = document.documentElement.lang || undefined;

  // Minutes east of UTC of the site's zone, from the offset that ends the ISO time ("+09:00").
  function siteOffset(iso) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!match) return 0;
    var minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === "-" ? -minutes : minutes;
  }

  function readerDay(date) {
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function addLocalTime(element) {
    var iso = element.getAttribute("datetime");
    var date = new Date(iso);
    if (isNaN(date.getTime())) return;
    // A reader whose clock reads as Seoul's (Seoul itself, or Tokyo) learns nothing new.
    if (-date.getTimezoneOffset() === siteOffset(iso)) return;
    var options = { hour: "numeric", minute: "2-digit", hour12: true };
    // The site's date starts the ISO time; name the reader's day when it is another one.
    if (readerDay(date) !== iso.slice(0, 10)) options.weekday = "short";
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " · " + yourTime.replace(
      "%(time)s", new Intl.DateTimeFormat(lang, options).format(date)
    );
    element.after(note);
  }

  function unit(value, name, display) {
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: display })
        .format(value);
    } catch (error) {
      return value + " " + name;
    }
  }

  // "2 days 4 hr 12 min"; seconds only in the last hour.
  function timeLeft(ms) {
    var seconds = Math.floor(ms / 1000);
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var parts = [];
    if (days) parts.push(unit(days, "day", "long"));
    if (days || hours) parts.push(unit(hours, "hour", "short"));
    parts.push(unit(Math.floor((seconds % 3600) / 60), "minute", "short"));
    if (!days && !hours) parts.push(unit(seconds % 60, "second", "short"));
    return parts.join(" ");
  }

  function startCountdown(element) {
    var at = new Date(element.dataset.countdown).getTime();
    if (isNaN(at)) return;
    var timer;
    function update() {
      var left = at - Date.now();
      if (left <= 0) {
        element.textContent = element.dataset.outNow;
        clearInterval(timer);
        return false;
      }
      element.textContent = element.dataset.outIn.replace("%(left)s", timeLeft(left));
      return true;
    }
    if (update()) timer = setInterval(update, 1000);
  }

  document.querySelectorAll("time[datetime][data-local]").forEach(addLocalTime);
  // Content a script adds later (live coverage's new entries) says so with this event.
  document.addEventListener("newsroom:content", function (event) {
    event.target.querySelectorAll("time[datetime][data-local]").forEach(function (element) {
      if (!element.nextElementSibling || !element.nextElementSibling.matches(".local-time")) {
        addLocalTime(element);
      }
    });
  });
  document.querySelectorAll("[data-countdown]").forEach(startCountdown);
})();
