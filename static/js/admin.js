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

  // A tabular inline names its fields in the column headers only; give each field without a
  // label the name of its column (and its row), so a screen reader says what it is.
  function labelTabularFields(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row, index) {
        Array.prototype.forEach.call(row.children, function (cell, column) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if ((field.labels && field.labels.length) || field.getAttribute("aria-label")) return;
            var head = heads[column] || field.name;
            field.setAttribute("aria-label", head + ", row " + (index + 1));
          });
        });
      });
    });
  }

  function start() {
    labelTabularFields(document);
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
