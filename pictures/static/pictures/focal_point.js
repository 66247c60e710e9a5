// A click on an image preview sets its focal point fields (see pictures/admin.py,
// image_preview). Without this script they are plain number fields and still work.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const picker of document.querySelectorAll(".focus-picker[data-focus-x]")) {
    const x = document.getElementById(picker.dataset.focusX);
    const y = document.getElementById(picker.dataset.focusY);
    const image = picker.querySelector("img");
    const mark = picker.querySelector(".focus-picker__mark");
    if (!x || !y || !image || !mark) continue;

    const within = (value) => Math.min(Math.max(value, 0), 1);
    const show = () => {
      const left = within(parseFloat(x.value));
      const top = within(parseFloat(y.value));
      mark.hidden = Number.isNaN(left) || Number.isNaN(top);
      mark.style.left = `${left * 100}%`;
      mark.style.top = `${top * 100}%`;
    };

    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      x.value = within((event.clientX - box.left) / box.width).toFixed(3);
      y.value = within((event.clientY - box.top) / box.height).toFixed(3);
      x.dispatchEvent(new Event("change", { bubbles: true }));
      show();
    });
    x.addEventListener("input", show);
    y.addEventListener("input", show);
    picker.classList.add("focus-picker--active");
    const hint = picker.nextElementSibling;
    if (hint && hint.classList.contains("focus-picker__hint")) hint.hidden = false;
    show();
  }
});
