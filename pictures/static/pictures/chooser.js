// The library's chooser (pictures/admin/widgets.py, chooser.py): "Insert image" and "Insert
// gallery" beside a Markdown box write `[picture:12]` or `[gallery:3]` on a line of its own
// where the cursor is; "Choose from the library" beside a picture field fills the field. The
// dialog searches the library, pages through it, and uploads a new picture into it. Without
// this script the buttons stay hidden: the box takes the line typed, the field Django's lookup.
// The admin loads its media in the page's head: the form is read once the page is parsed.
(function () {
  "use strict";
  var template = null;
  var dialog = null;
  var current = null;  // {mode: "insert" | "select", kind, url, upload, target, opener}

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    template = document.querySelector("template.library-chooser-template");
    if (!template || !window.HTMLDialogElement) return;
    document.querySelectorAll("[data-library-insert]").forEach(insertButtons);
    document.querySelectorAll("[data-library-choice]").forEach(chooseButton);
  }

  function insertButtons(box) {
    box.querySelector(".library-insert__tools").hidden = false;
    box.querySelectorAll("[data-insert]").forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.dataset.insert;
        open({
          mode: "insert",
          kind: kind,
          url: kind === "gallery" ? box.dataset.galleryChooser : box.dataset.pictureChooser,
          upload: box.dataset.upload,
          target: document.getElementById(box.dataset.target),
          opener: button
        });
      });
    });
  }

  function chooseButton(box) {
    var button = box.querySelector(".library-choice__open");
    var clear = box.querySelector(".library-choice__clear");
    button.hidden = false;
    button.addEventListener("click", function () {
      open({
        mode: "select",
        kind: box.dataset.kind,
        url: box.dataset.chooser,
        upload: box.dataset.upload,
        target: document.getElementById(box.dataset.target),
        opener: button,
        box: box
      });
    });
    clear.addEventListener("click", function () { choose(box, null); });
    clear.hidden = !document.getElementById(box.dataset.target).value;
  }

  function build() {
    dialog = template.content.firstElementChild.cloneNode(true);
    document.body.appendChild(dialog);
    dialog.querySelector(".library-chooser__close").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector(".library-chooser__find").addEventListener("click", function () { load(1); });
    dialog.querySelector("#library-chooser-q").addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // never the story form's submit
        event.preventDefault();
        load(1);
      }
    });
    dialog.querySelector(".library-chooser__results").addEventListener("click", function (event) {
      var pick = event.target.closest(".library-chooser__pick");
      var page = event.target.closest("[data-page]");
      if (pick) picked({id: pick.dataset.id, reference: pick.dataset.reference, title: pick.dataset.title, thumbnail: thumbOf(pick)});
      else if (page) load(page.dataset.page, true);
    });
    dialog.querySelector(".library-chooser__send").addEventListener("click", function () { upload(false); });
    dialog.addEventListener("close", function () {
      if (current && current.opener && !current.done) current.opener.focus();
    });
  }

  function thumbOf(button) {
    var image = button.querySelector("img");
    return image ? image.getAttribute("src") : "";
  }

  function open(options) {
    if (!dialog) build();
    current = options;
    var heading = dialog.querySelector("#library-chooser-title");
    var key = options.kind === "gallery" ? "titleGallery" : options.mode === "select" ? "titleSelect" : "titlePicture";
    heading.textContent = heading.dataset[key];
    dialog.querySelector(".library-chooser__upload").hidden = options.kind === "gallery";
    dialog.querySelector("#library-chooser-q").value = "";
    ["#library-upload-file", "#library-upload-alt", "#library-upload-caption", "#library-upload-credit"].forEach(function (box) {
      dialog.querySelector(box).value = "";  // a new picture starts from nothing
    });
    message("");
    dialog.showModal();
    dialog.querySelector("#library-chooser-q").focus();
    load(1);
  }

  function load(page, focusFirst) {
    var results = dialog.querySelector(".library-chooser__results");
    var query = dialog.querySelector("#library-chooser-q").value;
    var url = current.url + "?q=" + encodeURIComponent(query) + "&page=" + encodeURIComponent(page);
    results.setAttribute("aria-busy", "true");
    fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html"}}).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      results.innerHTML = html;  // our own admin's page piece, escaped by its template
      var first = results.querySelector(".library-chooser__pick");
      if (focusFirst && first) first.focus();  // paging keeps the keyboard in the results
    }).catch(function () {
      results.textContent = gettext("The library could not be reached. Try again in a moment.");
    }).then(function () {
      results.removeAttribute("aria-busy");
    });
  }

  function picked(item) {
    current.done = true;
    dialog.close();
    if (current.mode === "insert") insert(current.target, item.reference);
    else choose(current.box, item);
  }

  function insert(box, line) {
    var start = box.selectionStart, end = box.selectionEnd;
    var before = box.value.slice(0, start), after = box.value.slice(end);
    if (!after.trim()) after = "";  // at the end: one line break, not a pile of them
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var tail = after === "" ? "\n" : /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    box.value = before + lead + line + tail + after;
    var caret = (before + lead + line).length;
    box.focus();
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function choose(box, item) {
    var field = document.getElementById(box.dataset.target);
    field.value = item ? item.id : "";
    var label = box.querySelector("strong");
    if (!label) {
      label = document.createElement("strong");
      field.parentNode.appendChild(label);
    }
    label.textContent = item ? item.title : "";
    var thumb = box.querySelector(".library-choice__thumb");
    if (item && item.thumbnail) {
      if (!thumb) {
        thumb = document.createElement("span");
        thumb.className = "library-choice__thumb";
        box.insertBefore(thumb, box.firstChild);
      }
      var image = document.createElement("img");
      image.src = item.thumbnail;
      image.alt = "";
      image.width = image.height = 96;
      thumb.replaceChildren(image);
    } else if (thumb) {
      thumb.remove();
    }
    box.querySelector(".library-choice__clear").hidden = !item;
    field.dispatchEvent(new Event("change", {bubbles: true}));
    field.focus();
  }

  function upload(keep) {
    var file = dialog.querySelector("#library-upload-file").files[0];
    var alt = dialog.querySelector("#library-upload-alt");
    if (!file) return message(gettext("Choose a picture to upload."));
    if (!alt.value.trim()) {
      alt.focus();
      return message(gettext("Write its alt text: what the picture shows, for readers who cannot see it."));
    }
    var data = new FormData();
    data.append("file", file);
    data.append("alt_text", alt.value);
    data.append("caption", dialog.querySelector("#library-upload-caption").value);
    data.append("credit", dialog.querySelector("#library-upload-credit").value);
    if (keep) data.append("keep_duplicate", "on");
    var progress = dialog.querySelector(".library-chooser__progress");
    var request = new XMLHttpRequest();
    request.open("POST", current.upload);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.timeout = 120000;
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) progress.value = Math.round(100 * event.loaded / event.total);
    });
    request.addEventListener("load", function () {
      progress.hidden = true;
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
      if (request.status === 201) return picked(answer.picture);
      if (request.status === 409 && answer.duplicates) return offerExisting(answer.duplicates[0]);
      message((answer.errors || [gettext("The upload failed.")]).join(" "));
    });
    request.addEventListener("error", function () { progress.hidden = true; message(gettext("The upload failed: check the connection and try again.")); });
    request.addEventListener("timeout", function () { progress.hidden = true; message(gettext("The upload took too long: try again.")); });
    progress.value = 0;
    progress.hidden = false;
    message(gettext("Uploading…"));
    request.send(data);
  }

  function offerExisting(existing) {
    var box = dialog.querySelector(".library-chooser__message");
    box.replaceChildren();
    var text = document.createElement("p");
    text.textContent = gettext("The library already has this picture: ") + existing.title + ".";
    var useIt = button(gettext("Use the one in the library"), function () { picked(existing); });
    var again = button(gettext("Upload it all the same"), function () { upload(true); });
    box.append(text, useIt, " ", again);
    useIt.focus();
  }

  function button(text, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button";
    element.textContent = text;
    element.addEventListener("click", action);
    return element;
  }

  function message(text) { dialog.querySelector(".library-chooser__message").textContent = text; }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
})();
