// Several pictures at once (pictures/admin/uploads.py): each chosen file is sent on its own,
// one after another (so two copies of one photo in a batch are known for one), with its
// progress shown; the library answers with the new picture (201), the pictures it
// already has like it (409), or what is wrong with the file (400). Each new picture then gets
// a small form for its alt text and credit. Without this script the page's form sends all
// the files together.
(function () {
  "use strict";
  var form = document.querySelector(".library-upload");
  var list = document.querySelector(".library-upload__list");
  var template = document.querySelector("template.library-upload-item");
  if (!form || !list || !template || !window.FormData) return;
  var input = form.querySelector("input[type=file]");
  var items = list.querySelector(".library-upload__items");
  var gallery = list.querySelector(".library-upload__gallery");
  var saveAll = list.querySelector(".library-upload__save-all");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var serial = 0;
  var chosen = [];  // picture numbers, in the order the files were chosen
  var queue = [], busy = false;

  var summary = list.querySelector(".library-upload__summary");
  saveAll.addEventListener("click", function () {
    var forms = items.querySelectorAll(".library-upload__describe:not([hidden])");
    var saving = Array.prototype.map.call(forms, function (describe) {
      return save(describe.closest(".library-upload__item"), describe);
    });
    summary.textContent = gettext("Saving…");
    Promise.all(saving).then(function (results) {
      var saved = results.filter(Boolean).length, left = results.length - saved;
      summary.textContent = left
        ? saved + " " + gettext("saved;") + " " + left + " " + gettext("to fix (see the messages under them).")
        : saved + " " + gettext("saved.");
    });
  });
  form.querySelector(".library-upload__send").hidden = true;
  form.querySelector(".library-upload__keep").hidden = true;

  input.addEventListener("change", function () {
    Array.prototype.forEach.call(input.files, function (file) { start(file); });
    input.value = "";
  });

  function start(file) {
    var item = template.content.firstElementChild.cloneNode(true);
    var slot = {item: item, position: chosen.length, id: null};
    chosen.push(null);
    name(item, ".library-upload__name", file.name);
    var thumb = item.querySelector(".library-upload__thumb");
    if (window.URL && URL.createObjectURL) thumb.src = URL.createObjectURL(file);
    label(item);
    items.appendChild(item);
    list.hidden = false;
    state(item, gettext("Waiting…"));
    later(slot, file, false);
  }

  function later(slot, file, keep) {
    queue.push([slot, file, keep]);
    next();
  }

  function next() {
    if (busy || !queue.length) return;
    busy = true;
    send.apply(null, queue.shift());
  }

  function finished() {
    busy = false;
    next();
  }

  function label(item) {
    serial += 1;
    item.querySelectorAll("[data-name]").forEach(function (box) {
      box.id = "upload-" + serial + "-" + box.dataset.name;
      box.name = box.dataset.name;
    });
    item.querySelectorAll("label[data-for]").forEach(function (text) {
      text.htmlFor = "upload-" + serial + "-" + text.dataset.for;
    });
  }

  function send(slot, file, keep) {
    var item = slot.item;
    var progress = item.querySelector(".library-upload__progress");
    var data = new FormData();
    data.append("file", file);
    if (keep) data.append("keep_duplicate", "on");
    var request = new XMLHttpRequest();
    request.open("POST", form.dataset.uploadUrl);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", token);
    request.timeout = 120000;
    request.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) return;
      progress.value = Math.round(100 * event.loaded / event.total);
      state(item, gettext("Uploading…") + " " + progress.value + "%");
    });
    request.addEventListener("loadend", finished);
    request.addEventListener("load", function () { answered(slot, file, request); });
    request.addEventListener("error", function () { failed(item, gettext("The upload failed: check the connection and choose the file again.")); });
    request.addEventListener("timeout", function () { failed(item, gettext("The upload took too long: choose the file again.")); });
    state(item, gettext("Uploading…"));
    progress.hidden = false;
    request.send(data);
  }

  function answered(slot, file, request) {
    var item = slot.item;
    var answer = {};
    try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
    item.querySelector(".library-upload__progress").hidden = true;
    if (request.status === 201) return uploaded(slot, answer.picture, answer.prefilled || []);
    if (request.status === 409 && answer.duplicates) return duplicate(slot, file, answer.duplicates[0]);
    failed(item, (answer.errors || [gettext("The upload failed.")]).join(" "));
  }

  function uploaded(slot, picture, prefilled) {
    var item = slot.item;
    use(slot, picture);
    state(item, gettext("In the library."));
    var describe = item.querySelector(".library-upload__describe");
    ["title", "alt_text", "caption", "credit", "copyright_notice", "source_kind"].forEach(function (field) {
      describe.elements[field].value = picture[field] || "";
    });
    if (prefilled.length) {
      state(item, gettext("In the library. Details taken from the photo: ") + prefilled.join(", ").replace(/_/g, " ") + ".");
    }
    item.querySelector(".library-upload__edit").href = picture.admin_url;
    describe.dataset.url = picture.describe_url;
    describe.hidden = false;
    saveAll.hidden = items.querySelectorAll(".library-upload__describe:not([hidden])").length < 2;
    describe.addEventListener("submit", function (event) {
      event.preventDefault();
      save(item, describe);
    });
    var typing = document.activeElement && document.activeElement.closest(".library-upload__describe");
    if (!describe.elements.alt_text.value && !typing) describe.elements.alt_text.focus();
  }

  function duplicate(slot, file, existing) {
    var item = slot.item;
    var box = item.querySelector(".library-upload__duplicate");
    var link = box.querySelector(".library-upload__existing");
    link.href = existing.admin_url;
    link.textContent = existing.title + (existing.credit ? " (" + existing.credit + ")" : "");
    state(item, gettext("Not uploaded: the library has it already."));
    box.hidden = false;
    box.querySelector(".library-upload__use").addEventListener("click", function () {
      box.hidden = true;
      use(slot, existing);
      state(item, gettext("Using the picture the library has."));
    }, {once: true});
    box.querySelector(".library-upload__again").addEventListener("click", function () {
      box.hidden = true;
      later(slot, file, true);
    }, {once: true});
  }

  function use(slot, picture) {
    slot.id = picture.id;
    chosen[slot.position] = picture.id;
    if (picture.thumbnail) slot.item.querySelector(".library-upload__thumb").src = picture.thumbnail;
    offerGallery();
  }

  function offerGallery() {
    if (!gallery) return;
    var ids = chosen.filter(function (id) { return id !== null; });
    var holder = gallery.querySelector(".library-upload__gallery-ids");
    holder.replaceChildren();
    ids.forEach(function (id) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "pictures";
      field.value = id;
      holder.appendChild(field);
    });
    gallery.hidden = ids.length < 2;
  }

  function save(item, describe) {
    var data = new FormData(describe);
    var errors = describe.querySelector(".library-upload__errors");
    var saved = describe.querySelector(".library-upload__saved");
    saved.textContent = gettext("Saving…");
    return fetch(describe.dataset.url, {
      method: "POST",
      body: data,
      headers: {"Accept": "application/json", "X-CSRFToken": token},
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) { return {ok: response.ok, answer: answer}; });
    }).then(function (result) {
      if (result.ok) {
        errors.hidden = true;
        saved.textContent = gettext("Saved.");
        return true;
      }
      var messages = [];
      Object.keys(result.answer.errors || {}).forEach(function (field) {
        var label = describe.querySelector("label[data-for=" + field + "]");
        var name = label ? label.dataset.label || label.textContent.trim() : field;
        messages.push(name + ": " + result.answer.errors[field].join(" "));
      });
      errors.textContent = messages.join(" ");
      errors.hidden = false;
      saved.textContent = "";
      var first = Object.keys(result.answer.errors || {})[0];
      if (first && describe.elements[first]) describe.elements[first].focus();
      return false;
    }).catch(function () {
      saved.textContent = gettext("Not saved: check the connection and save again.");
      return false;
    });
  }

  function failed(item, message) {
    item.classList.add("library-upload__item--failed");
    item.querySelector(".library-upload__progress").hidden = true;
    state(item, message);
  }

  function state(item, text) { name(item, ".library-upload__state", text); }
  function name(item, selector, text) { item.querySelector(selector).textContent = text; }
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
})();
