// Galleries in a story (templates/pictures/includes/gallery.html) open one picture at a time
// in a modal dialog. Without this script, or in a browser without <dialog>, each thumbnail
// is a plain link to the full-size JPEG. Previous and Next wrap around: after the last
// picture comes the first. Nothing here sets inline styles, so a strict CSP holds.
(function () {
  "use strict";
  if (!window.HTMLDialogElement || !HTMLDialogElement.prototype.showModal) return;

  // currentScript is only set while the script first runs, so it is read now.
  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var text = {
    previous: data.previous || "Previous",
    next: data.next || "Next",
    close: data.close || "Close",
    counter: data.counter || "%(current)s of %(total)s"
  };
  var SWIPE = 50;  // CSS px a finger must travel sideways to turn the picture

  var dialog, title, stage, caption, counter, previousButton, nextButton;
  var links = [];
  var built = [];
  var index = 0;

  function make(tag, className, parent) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (parent) parent.appendChild(element);
    return element;
  }

  function button(className, label, arrow, parent) {
    var element = make("button", "lightbox__button " + className, parent);
    element.type = "button";
    var glyph = make("span", "lightbox__arrow", null);
    glyph.setAttribute("aria-hidden", "true");
    glyph.textContent = arrow;
    var words = document.createTextNode(label);
    if (className === "lightbox__next") element.append(words, glyph);
    else element.append(glyph, words);
    return element;
  }

  function build() {
    dialog = make("dialog", "lightbox", document.body);
    var bar = make("div", "lightbox__bar", dialog);
    title = make("h2", "lightbox__title", bar);
    title.id = "lightbox-title";
    var close = button("lightbox__close", text.close, "×", bar);
    close.autofocus = true;  // showModal() puts focus here
    stage = make("div", "lightbox__stage", dialog);
    caption = make("div", "lightbox__caption", dialog);
    var nav = make("div", "lightbox__nav", dialog);
    previousButton = button("lightbox__previous", text.previous, "‹", nav);
    counter = make("p", "lightbox__counter", nav);
    counter.setAttribute("aria-live", "polite");
    nextButton = button("lightbox__next", text.next, "›", nav);

    close.addEventListener("click", function () { dialog.close(); });
    previousButton.addEventListener("click", function () { step(-1); });
    nextButton.addEventListener("click", function () { step(1); });
    dialog.addEventListener("keydown", onKey);
    dialog.addEventListener("close", function () {
      // Back to the thumbnail of the picture last shown, not the one that opened the dialog.
      if (links[index]) links[index].focus();
    });
    listenForBackdrop();
    listenForSwipes();
  }

  function galleryTitle(gallery) {
    var heading = gallery.querySelector(".gallery__title");
    if (!heading) return "";
    var copy = heading.cloneNode(true);
    var count = copy.querySelector(".gallery__count");
    if (count) count.remove();
    return copy.textContent.trim();
  }

  function picture(link) {
    var thumbnail = link.querySelector("img");
    var element = make("picture", null, null);
    if (link.dataset.webpSrcset) {
      var source = make("source", null, element);
      source.type = "image/webp";
      source.srcset = link.dataset.webpSrcset;
      source.sizes = "100vw";
    }
    // The <source> goes in first so that the browser picks among all candidates at once.
    var image = make("img", "lightbox__image", element);
    image.alt = (thumbnail && thumbnail.getAttribute("alt")) || "";
    image.decoding = "async";
    if (Number(link.dataset.width) > 0 && Number(link.dataset.height) > 0) {
      image.width = Number(link.dataset.width);
      image.height = Number(link.dataset.height);
    }
    image.sizes = "100vw";
    if (link.dataset.srcset) image.srcset = link.dataset.srcset;
    image.src = link.href;
    return element;
  }

  function pictureAt(i) {
    if (!built[i]) built[i] = picture(links[i]);
    return built[i];
  }

  // Copies of the thumbnail's caption nodes (text and the credit's <span>), never its HTML.
  function captionOf(link) {
    var figure = link.parentElement.closest("figure:not(.gallery)");
    var words = figure && figure.querySelector(":scope > figcaption");
    if (!words) return [];
    return Array.prototype.map.call(words.childNodes, function (node) {
      return node.cloneNode(true);
    });
  }

  function show(i) {
    index = (i + links.length) % links.length;
    var shown = pictureAt(index);
    stage.replaceChildren(shown);
    var words = captionOf(links[index]);
    caption.replaceChildren.apply(caption, words);
    caption.hidden = words.length === 0;
    counter.textContent = text.counter.replace(/%\(current\)s|%\(total\)s/g, function (field) {
      return String(field === "%(current)s" ? index + 1 : links.length);
    });
    preloadAfter(shown.querySelector("img"), index + 1);
  }

  function preloadAfter(image, next) {
    if (links.length < 2) return;
    var load = function () { pictureAt(next % links.length); };
    if (image.complete) load();
    else image.addEventListener("load", load, { once: true });
  }

  function step(by) {
    if (links.length > 1) show(index + by);
  }

  function open(gallery, link) {
    if (!dialog) build();
    links = Array.prototype.slice.call(gallery.querySelectorAll(".gallery__open"));
    built = [];
    var name = galleryTitle(gallery);
    title.textContent = name;
    title.hidden = !name;
    if (name) {
      dialog.setAttribute("aria-labelledby", "lightbox-title");
      dialog.removeAttribute("aria-label");
    } else {
      dialog.removeAttribute("aria-labelledby");
      dialog.setAttribute("aria-label", (link.querySelector("img") || {}).alt || link.href);
    }
    previousButton.hidden = nextButton.hidden = links.length < 2;
    show(links.indexOf(link));
    dialog.showModal();
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var moves = {
      ArrowLeft: function () { step(-1); },
      ArrowRight: function () { step(1); },
      Home: function () { show(0); },
      End: function () { show(links.length - 1); }
    };
    if (!moves[event.key]) return;
    event.preventDefault();
    moves[event.key]();
  }

  // The dialog fills the viewport, so its "backdrop" is the empty dark area around the
  // picture: the dialog itself and the stage, but not the image, caption or buttons. A press
  // that starts inside (selecting caption text, say) and ends outside does not count.
  function listenForBackdrop() {
    var pressedOutside = false;
    var outside = function (target) { return target === dialog || target === stage; };
    dialog.addEventListener("pointerdown", function (event) {
      pressedOutside = outside(event.target);
    });
    dialog.addEventListener("click", function (event) {
      if (pressedOutside && outside(event.target)) dialog.close();
      pressedOutside = false;
    });
  }

  // Fingers and pens only: the stage's touch-action (pan-y pinch-zoom, in gallery.css) leaves
  // vertical scrolling and zoom to the browser, which cancels the pointer when it takes over.
  function listenForSwipes() {
    var start = null;
    stage.addEventListener("pointerdown", function (event) {
      var touch = event.pointerType === "touch" || event.pointerType === "pen";
      // A second finger means a pinch: no swipe until every finger is lifted.
      start = touch && event.isPrimary
        ? { id: event.pointerId, x: event.clientX, y: event.clientY }
        : null;
    });
    stage.addEventListener("pointercancel", function () { start = null; });
    stage.addEventListener("pointerup", function (event) {
      if (!start || event.pointerId !== start.id) return;
      var dx = event.clientX - start.x;
      var dy = event.clientY - start.y;
      start = null;
      // A zoomed-in reader is panning the picture, not turning it.
      if (window.visualViewport && window.visualViewport.scale > 1.05) return;
      if (Math.abs(dx) >= SWIPE && Math.abs(dx) > Math.abs(dy)) step(dx < 0 ? 1 : -1);
    });
  }

  document.addEventListener("click", function (event) {
    // Ctrl, Cmd, Shift or Alt with a click keeps the browser's own meaning (new tab, window,
    // download); a middle click never reaches "click".
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest(".gallery__open");
    var gallery = link && link.closest(".gallery");
    if (!gallery) return;
    event.preventDefault();
    open(gallery, link);
  });
})();
