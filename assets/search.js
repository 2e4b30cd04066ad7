// The search page: Pagefind's default UI over the index that `build.py build` makes in pagefind/.
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
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);

  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onerror = function () { note("missing"); };
  script.onload = function () {
    var ui = new PagefindUI({
      element: "#search", bundlePath: bundle, showSubResults: false, showImages: false, showEmptyFilters: false,
      autofocus: true
    });
    // The masthead's search box on every page sends its words here as ?q=.
    var q = new URLSearchParams(location.search).get("q");
    if (q) ui.triggerSearch(q);
  };
  document.head.appendChild(script);
})();
