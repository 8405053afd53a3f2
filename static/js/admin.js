/* The admin's autocomplete boxes (select2), made accessible: each search field is named after
   its field's label, and the "clear" cross is moved out of the list of chosen items, where
   only list items belong. Runs again whenever select2 redraws a box. */
(function () {
  "use strict";

  function labelFor(container) {
    var select = container.previousElementSibling;
    if (!select || !select.id) return "";
    var label = document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function fix(root) {
    root.querySelectorAll(".select2-container").forEach(function (container) {
      var name = labelFor(container);
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        if (name && !field.getAttribute("aria-label")) field.setAttribute("aria-label", name);
      });
      container.querySelectorAll('.select2-selection[role="combobox"]').forEach(function (box) {
        // A single box is labelled by its rendered choice, which is empty until one is made.
        if (name && !box.getAttribute("aria-label")) {
          box.setAttribute("aria-label", name);
          box.removeAttribute("aria-labelledby");
        }
      });
      container.querySelectorAll('.select2-selection__rendered[role="textbox"]').forEach(function (shown) {
        if (name && !shown.getAttribute("aria-label")) shown.setAttribute("aria-label", name);
      });
      container.querySelectorAll("ul.select2-selection__rendered > :not(li)").forEach(function (stray) {
        stray.parentNode.parentNode.insertBefore(stray, stray.parentNode);
      });
    });
  }

  function start() {
    fix(document);
    new MutationObserver(function () { fix(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
