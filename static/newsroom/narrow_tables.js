// On a phone, admin.css lays out the rows of the admin's lists and tabular inlines one cell
// under another; this names each cell after its column (data-label), which is shown above it
// there, the column headers being out of sight. Rows added later by "Add another" are copies
// of a row already named.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("#result_list, .inline-group .tabular table")) {
    const names = [];
    for (const head of table.tHead?.rows[0]?.cells ?? []) {
      const name = (head.querySelector(".text") ?? head).textContent.trim();
      for (let i = 0; i < head.colSpan; i += 1) names.push(name);
    }
    for (const row of [...table.tBodies].flatMap((body) => [...body.rows])) {
      let column = 0;
      for (const cell of row.cells) {
        if (names[column] && cell.colSpan === 1) cell.dataset.label = names[column];
        column += cell.colSpan;
      }
    }
  }
});
