// The search page: Pagefind's default UI over the index that `build.py build` makes in pagefind/, one
// part every ten days (in the newest ten days, one an edition).  parts.json lists the parts, newest first: the newest is Pagefind's own index (its
// script and WebAssembly are loaded from it), the others are merged in (`mergeIndex`), so one search
// box searches every edition.  Results come newest first: each part sorts its results by date, and
// Pagefind puts the parts' results together by score, which a part's weight multiplies; with every
// weight 0 all scores are equal, and its stable sort keeps the parts in the order merged, newest first.
// (Relevance scores of different parts cannot be compared: a word common in tonight's month counts
// less there than in a month where it is rare, which would bury tonight's story.)
// Each part merged costs a few requests before a search can run, which for a decades-long archive
// would be thousands: the UI starts with the newest parts only (data-first: two months, or fewer
// days while the newest ten days are parts of an edition each), so tonight's
// results show at once; once they are shown, the older parts are merged a batch at a time (data-batch,
// a year) and the search runs again after each, their results coming after those shown, newest first,
// while a note says that older editions are still being searched.  Filters apply to every part merged.
// Loaded with `defer` and only here, so no page waits for it.  The bundle is found relative to this
// page, and Pagefind takes the site's base path from the bundle's, so results link correctly under a
// sub-path too.  Browsers don't let a page opened from disk (file://) fetch the index: say so.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var FIRST = Number(box.getAttribute("data-first")) || 6;
  var BATCH = Number(box.getAttribute("data-batch")) || 36;

  function note(which, shown) {
    var p = document.querySelector('.search-note[data-when="' + which + '"]');
    if (p) p.hidden = !shown;
  }
  if (location.protocol === "file:") { note("file", true); return; }

  var bundle = new URL(box.getAttribute("data-bundle"), location.href).pathname;
  fetch(bundle + "parts.json").then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (parts) {
    if (!parts.length) throw new Error("no parts");
    start(parts.map(function (p) { return { bundlePath: bundle + p + "/", indexWeight: 0 }; }));
  }).catch(function () { note("missing", true); });

  function start(parts) {
    var primary = parts[0].bundlePath;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = primary + "pagefind-ui.css";
    document.head.appendChild(css);

    var script = document.createElement("script");
    script.src = primary + "pagefind-ui.js";
    script.onerror = function () { note("missing", true); };
    script.onload = function () {
      var ui = new PagefindUI({
        element: "#search", bundlePath: primary, showSubResults: false, showImages: false, showEmptyFilters: false,
        autofocus: true, sort: { date: "desc" }, pagefindOptions: { indexWeight: 0 },
        mergeIndex: parts.slice(1, FIRST)
      });
      var older = parts.slice(FIRST);
      if (older.length) widenOnFirstSearch(ui, primary, older);
      // The masthead's search box on every page sends its words here as ?q=.
      var q = new URLSearchParams(location.search).get("q");
      if (q) ui.triggerSearch(q);
    };
    document.head.appendChild(script);
  }

  // The older parts are merged after the reader's first search has shown its results.  The UI imported
  // the same pagefind.js (one module per address), so parts merged here are searched by it too.
  function widenOnFirstSearch(ui, primary, older) {
    var begun = false;
    function begin() {
      if (begun) return;
      begun = true;
      box.removeEventListener("input", begin);
      note("older", true);
      shown(null).then(function () {
        return import(primary + "pagefind.js");
      }).then(function (pagefind) {
        return mergeBatches(ui, pagefind, older);
      }).catch(function (err) { console.warn("older editions could not be searched:", err); })
        .then(function () { note("older", false); });
    }
    box.addEventListener("input", begin);
    if (new URLSearchParams(location.search).get("q")) begin();
  }

  function mergeBatches(ui, pagefind, older) {
    if (!older.length) return Promise.resolve();
    var batch = older.slice(0, BATCH);
    return Promise.all(batch.map(function (p) {
      return pagefind.mergeIndex(p.bundlePath, { indexWeight: 0 });
    })).then(function () {
      return pagefind.filters();      // loads the new parts' filters, as the UI did for its own at the start
    }).then(function () {
      var before = box.querySelector(".pagefind-ui__results");
      var input = box.querySelector(".pagefind-ui__search-input");
      if (!input || !input.value.trim()) return null;
      ui.triggerFilters(checkedFilters());        // runs the search again, over the parts merged so far
      return shown(before);
    }).then(function () { return mergeBatches(ui, pagefind, older.slice(BATCH)); });
  }

  // The UI's filters as the reader set them: setting them again is how a search is run again.
  function checkedFilters() {
    var filters = {};
    box.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (c) {
      (filters[c.name] = filters[c.name] || []).push(c.value);
    });
    return filters;
  }

  // Resolves once the UI shows the results of a search (their list is made anew for each search), or
  // after ten seconds whatever it shows.
  function shown(before) {
    return new Promise(function (resolve) {
      var waited = 0;
      (function look() {
        var list = box.querySelector(".pagefind-ui__results");
        if ((list && list !== before) || waited >= 10000) return resolve();
        waited += 50;
        setTimeout(look, 50);
      })();
    });
  }
})();
