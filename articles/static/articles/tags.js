// Completes the tag being typed in the story form's tag box from the tags already in use,
// most used first (articles/admin/tagging.py). Tags are separated by commas; only the one at
// the caret is completed. Down and Up move through the list, Enter or Tab takes the one
// chosen, Escape closes it; a tap or a click takes one too. Without this script the box is
// taggit's plain comma-separated field.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-suggestions]")) suggestTags(input);
});

function suggestTags(input) {
  const list = document.createElement("ul");
  list.id = `${input.id || input.name}-suggestions`;
  list.className = "tag-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  const box = document.createElement("div");
  box.className = "tag-suggest";
  input.before(box);
  box.append(input, list);
  // The admin's form rows hide what overflows them, which would cut the list off.
  input.closest(".form-row")?.classList.add("tag-suggest-row");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  let active = -1;
  let pending = null;
  let timer = 0;

  // The tag at the caret: where it starts and ends in the box, and its text.
  const current = () => {
    const value = input.value;
    const caret = input.selectionStart ?? value.length;
    const start = caret ? value.lastIndexOf(",", caret - 1) + 1 : 0;
    const comma = value.indexOf(",", caret);
    const end = comma < 0 ? value.length : comma;
    return { start, end, text: value.slice(start, end).trim().replace(/^"|"$/g, "") };
  };
  // The other tags already in the box, not to be suggested again.
  const typed = () => {
    const { start, end } = current();
    const others = input.value.slice(0, start) + input.value.slice(end);
    return new Set(others.split(",").map((tag) => tag.trim().replace(/^"|"$/g, "").toLowerCase()));
  };

  const options = () => [...list.children];
  const close = () => {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const show = (names) => {
    list.replaceChildren(
      ...names.map((name, index) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = name;
        return option;
      }),
    );
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = names.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
  };
  const highlight = (index) => {
    const all = options();
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  };

  const take = (name) => {
    const { start, end } = current();
    const head = input.value.slice(0, start).trimEnd();
    const tag = name.includes(",") ? `"${name}"` : name;
    // Always followed by a comma: taggit reads a box without one as tags split by spaces.
    const done = `${head ? `${head} ` : ""}${tag}, `;
    input.value = done + input.value.slice(end).replace(/^\s*,\s*/, "");
    input.setSelectionRange(done.length, done.length);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    close();
    input.focus();
  };

  const ask = async () => {
    const { text } = current();
    pending?.abort();
    if (!text) return close();
    pending = new AbortController();
    const address = new URL(input.dataset.suggestions, window.location.href);
    address.searchParams.set("q", text);
    try {
      const response = await fetch(address, {
        signal: pending.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok || current().text !== text) return close();
      const taken = typed();
      const { tags } = await response.json();
      show(tags.filter((name) => !taken.has(name.toLowerCase())));
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return ask();
      highlight(active + (event.key === "ArrowDown" ? 1 : active < 0 ? 0 : -1));
    } else if ((event.key === "Enter" || event.key === "Tab") && open && active >= 0) {
      event.preventDefault(); // Enter would save the story, Tab leave the box
      take(options()[active].textContent);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });
  // Keep the focus in the box while a suggestion is pressed, so the tap or click lands.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) take(option.textContent);
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}
