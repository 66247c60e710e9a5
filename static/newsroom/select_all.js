// A read-only field marked data-select-all selects its whole text when clicked or focused,
// ready to copy (a file, not an onclick attribute: the Content-Security-Policy runs no inline
// script).
document.addEventListener("focusin", function (event) {
  if (event.target.matches("input[data-select-all]")) event.target.select();
});
document.addEventListener("click", function (event) {
  if (event.target.matches("input[data-select-all]")) event.target.select();
});
