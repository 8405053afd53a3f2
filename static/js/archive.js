/* Alliance Archive: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* "Copy" buttons for permalinks and citations (hidden until this script runs). */
  function enableCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = button.dataset.copyText;
        if (button.dataset.copyUrl) {
          text = new URL(button.dataset.copyUrl, window.location.href).href;
        }
        navigator.clipboard.writeText(text).then(function () {
          var label = button.textContent;
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  /* Timeline filters: entry-type checkboxes filter the list in place and keep the URL in
     step; without JavaScript the same form is submitted to the server. */
  function enableTimelineFilters() {
    var form = document.querySelector("form[data-timeline-filters]");
    if (!form) return;
    var boxes = form.querySelectorAll('input[name="kind"]');
    var count = document.querySelector("[data-timeline-count]");
    // A page the server already filtered by type lacks the other entries: ask the server.
    var serverFiltered = new URL(window.location.href).searchParams.has("kind");
    function apply() {
      if (serverFiltered) {
        form.requestSubmit();
        return;
      }
      var wanted = [];
      boxes.forEach(function (box) { if (box.checked) wanted.push(box.value); });
      var visible = 0;
      function wants(entry) {
        return wanted.length === 0 || wanted.indexOf(entry.dataset.kind) !== -1;
      }
      // Sections are nested under their document: a document stays as the heading of its
      // sections when only sections are wanted.
      document.querySelectorAll(".timeline .timeline-entries > .entry").forEach(function (entry) {
        var nested = entry.querySelectorAll(".entry");
        var anyNested = false;
        nested.forEach(function (child) {
          child.hidden = !wants(child);
          if (!child.hidden) anyNested = true;
        });
        var show = wants(entry) || anyNested;
        entry.hidden = !show;
        if (show) visible += 1;
      });
      document.querySelectorAll(".timeline-year").forEach(function (year) {
        year.hidden = year.querySelector(".entry:not([hidden])") === null;
      });
      if (count) count.textContent = String(visible);
      var url = new URL(window.location.href);
      url.searchParams.delete("kind");
      wanted.forEach(function (kind) { url.searchParams.append("kind", kind); });
      window.history.replaceState(null, "", url);
    }
    boxes.forEach(function (box) { box.addEventListener("change", apply); });
  }

  /* Boxes folded on narrow screens and always open on wide ones: the reader's contents (a
     sticky column from 64rem) and the filters of the search page and the documents list (a
     column beside the results from 48rem), whose results come first on a phone. The
     breakpoint is the stylesheet's, given by each box (data-wide-open); a box that says what
     went wrong (data-keep-open: filters not understood) stays open. */
  function enableWideContents() {
    var boxes = document.querySelectorAll("details[data-wide-open]");
    if (!boxes.length || !window.matchMedia) return;
    boxes.forEach(function (box) {
      var wide = window.matchMedia("(min-width: " + (box.dataset.wideOpen || "64rem") + ")");
      function sync() { box.open = wide.matches || box.hasAttribute("data-keep-open"); }
      sync();
      wide.addEventListener("change", sync);
      box.querySelector("summary").addEventListener("click", function (event) {
        if (wide.matches) event.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableWideContents();
    enableCopyButtons();
    enableTimelineFilters();
  });
})();
