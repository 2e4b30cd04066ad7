// The search page: Pagefind's default UI over the index that `build.py build` makes in pagefind/, one
// part a month.  parts.json lists the parts, newest first: the newest is Pagefind's own index (its
// script and WebAssembly are loaded from it), the others are merged in (`mergeIndex`), so one search
// box searches every edition.  Results come newest first: each part sorts its results by date, and
// Pagefind puts the parts' results together by score, which a part's weight multiplies; with every
// weight 0 all scores are equal, and its stable sort keeps the parts in the order given, newest first.
// (Relevance scores of different parts cannot be compared: a word common in tonight's month counts
// less there than in a month where it is rare, which would bury tonight's story.)
// Loaded with `defer` and only here, so no page waits for it.  The bundle is found relative to this
// page, and Pagefind takes the site's base path from the bundle's, so results link correctly under a
// sub-path too.  Browsers don't let a page opened from disk (file://) fetch the index: say so.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;

  function note(which) {
    var p = document.querySelector('.search-note[data-when="' + which + '"]');
    if (p) p.hidden = false;
  }
  if (location.protocol === "file:") { note("file"); return; }

  var bundle = new URL(box.getAttribute("data-bundle"), location.href).pathname;
  fetch(bundle + "parts.json").then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (parts) {
    if (!parts.length) throw new Error("no parts");
    start(parts.map(function (p) { return { bundlePath: bundle + p + "/", indexWeight: 0 }; }));
  }).catch(function () { note("missing"); });

  function start(parts) {
    var primary = parts[0].bundlePath;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = primary + "pagefind-ui.css";
    document.head.appendChild(css);

    var script = document.createElement("script");
    script.src = primary + "pagefind-ui.js";
    script.onerror = function () { note("missing"); };
    script.onload = function () {
      var ui = new PagefindUI({
        element: "#search", bundlePath: primary, showSubResults: false, showImages: false, showEmptyFilters: false,
        autofocus: true, sort: { date: "desc" }, pagefindOptions: { indexWeight: 0 }, mergeIndex: parts.slice(1)
      });
      // The masthead's search box on every page sends its words here as ?q=.
      var q = new URLSearchParams(location.search).get("q");
      if (q) ui.triggerSearch(q);
    };
    document.head.appendChild(script);
  }
})();
