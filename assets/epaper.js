// Reader comforts that need a script: text size (kept across pages and visits), arrow-key paging,
// and linking the headline list with the regions on the page scan.  Everything else works without it.
(function () {
  "use strict";
  var KEY = "epaper-font-step", MIN = -2, MAX = 6;
  var root = document.documentElement;

  function step() {
    var v = parseInt(getComputedStyle(root).getPropertyValue("--font-step"), 10);
    return isNaN(v) ? 0 : v;
  }
  function setStep(v) {
    v = Math.max(MIN, Math.min(MAX, v));
    root.style.setProperty("--font-step", String(v));
    try { if (v === 0) localStorage.removeItem(KEY); else localStorage.setItem(KEY, String(v)); } catch (e) {}
  }
  document.querySelectorAll(".font-size").forEach(function (group) {
    group.hidden = false;
    group.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-font]");
      if (!b) return;
      var what = b.getAttribute("data-font");
      setStep(what === "bigger" ? step() + 1 : what === "smaller" ? step() - 1 : 0);
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var rel = ev.key === "ArrowLeft" ? "prev" : ev.key === "ArrowRight" ? "next" : null;
    if (!rel) return;
    var link = document.querySelector('link[rel="' + rel + '"]');
    if (link) { ev.preventDefault(); window.location.href = link.href; }
  });

  // A phone shows the edition's pages as a strip: bring this page into view (browsers without
  // `scroll-initial-target` start at page 1).
  document.querySelectorAll(".strip").forEach(function (strip) {
    var current = strip.querySelector(".current");
    if (!current || strip.scrollWidth <= strip.clientWidth) return;
    var offset = current.getBoundingClientRect().left - strip.getBoundingClientRect().left;
    strip.scrollLeft += offset - (strip.clientWidth - current.offsetWidth) / 2;
  });

  // Hovering or focusing a headline lights up its region on the scan, and the other way round.
  function mark(url, on) {
    document.querySelectorAll('[data-article="' + CSS.escape(url) + '"]').forEach(function (el) {
      el.classList.toggle("active", on);
    });
  }
  document.querySelectorAll("[data-article]").forEach(function (el) {
    var url = el.getAttribute("data-article");
    ["mouseenter", "focus"].forEach(function (e) { el.addEventListener(e, function () { mark(url, true); }); });
    ["mouseleave", "blur"].forEach(function (e) { el.addEventListener(e, function () { mark(url, false); }); });
  });
})();
