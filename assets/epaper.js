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
  function linkRegions(scope) {
    scope.querySelectorAll("[data-article]").forEach(function (el) {
      var url = el.getAttribute("data-article");
      ["mouseenter", "focus"].forEach(function (e) { el.addEventListener(e, function () { mark(url, true); }); });
      ["mouseleave", "blur"].forEach(function (e) { el.addEventListener(e, function () { mark(url, false); }); });
    });
  }
  linkRegions(document);

  // Swiping the strip to another page makes it the page being read: its heading, 上一版/下一版,
  // 标题导航, its scan with the story regions, and the address (so reload, ← / → and back agree).
  document.querySelectorAll(".strip").forEach(function (strip) {
    var pages = [].slice.call(strip.children), shown = strip.querySelector(".current"), timer = 0;
    if (!shown) return;
    shown.setAttribute("data-url", location.href);
    function settle() {
      if (strip.scrollWidth <= strip.clientWidth) return;
      var mid = strip.getBoundingClientRect().left + strip.clientWidth / 2, best = shown, gap = Infinity;
      pages.forEach(function (li) {
        var r = li.getBoundingClientRect(), d = Math.abs(r.left + r.width / 2 - mid);
        if (d < gap) { gap = d; best = li; }
      });
      if (best !== shown) turnTo(best);
    }
    function turnTo(li) {
      var link = li.getAttribute("data-url") || (li.querySelector("a") || {}).href;
      if (!link) return;
      shown = li;
      fetch(link).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); }).then(function (text) {
        if (shown !== li) return;           // swiped on meanwhile
        var doc = new DOMParser().parseFromString(text, "text/html");
        absolutize(doc, link);
        if (!document.querySelector("base")) {      // links already on the page keep resolving as before
          var base = document.createElement("base");
          base.href = location.href;
          document.head.prepend(base);
        }
        var current = doc.querySelector(".strip .current");
        if (current) {
          pages.forEach(function (p) { p.classList.remove("current"); });
          li.innerHTML = current.innerHTML;
          li.classList.add("current");
          li.setAttribute("data-url", link);
          linkRegions(li);
        }
        [".page-head", ".page-side .headlines", ".page-list"].forEach(function (sel) {
          var now = document.querySelector(sel), next = doc.querySelector(sel);
          if (now && next) { now.replaceWith(next); linkRegions(next); }
        });
        ["prev", "next"].forEach(function (rel) {
          var now = document.querySelector('link[rel="' + rel + '"]'), next = doc.querySelector('link[rel="' + rel + '"]');
          if (now) now.remove();
          if (next) document.head.appendChild(next);
        });
        document.title = doc.title;
        history.replaceState(null, "", link);
        document.dispatchEvent(new CustomEvent("epaper:page", { detail: { url: link } }));
      }, function () {});
    }
    strip.addEventListener("scroll", function () { clearTimeout(timer); timer = setTimeout(settle, 150); }, { passive: true });
  });

  // Links and images of a page fetched from `base`, made absolute so they work on this page.
  function absolutize(doc, base) {
    doc.querySelectorAll("[href], [src], [srcset]").forEach(function (el) {
      ["href", "src"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v !== null && !/^(#|data:)/.test(v)) el.setAttribute(a, new URL(v, base).href);
      });
      var set = el.getAttribute("srcset");
      if (set) el.setAttribute("srcset", set.split(",").map(function (c) {
        var p = c.trim().split(/\s+/);
        return new URL(p[0], base).href + (p[1] ? " " + p[1] : "");
      }).join(", "));
    });
  }

  // The date picker in the masthead: straight to that day's edition, or to its year's page in the
  // archive when there is none (or the site is opened from disk, where nothing can be asked for).
  document.querySelectorAll(".date-jump").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      var day = form.elements.date.value;
      if (!/^\d{4}-\d\d-\d\d$/.test(day)) return;
      ev.preventDefault();
      var root = new URL(form.getAttribute("data-root"), location.href);
      var edition = new URL(day + "/index.html", root).href;
      var year = new URL("archive/" + day.slice(0, 4) + "/index.html#m-" + day.slice(0, 7), root).href;
      var archive = new URL("archive/index.html", root).href;
      if (location.protocol === "file:") { location.href = year; return; }
      function there(url) {
        return fetch(url, { method: "HEAD" }).then(function (r) { return r.ok; }, function () { return false; });
      }
      there(edition).then(function (ok) {
        if (ok) { location.href = edition; return; }
        there(year).then(function (ok) { location.href = ok ? year : archive; });
      });
    });
  });

  // Pagefind's search field has only a placeholder for a name: give it a real label.
  var search = document.getElementById("search");
  if (search) {
    new MutationObserver(function (_, observer) {
      var input = search.querySelector("input:not([id])");
      if (!input) return;
      observer.disconnect();
      input.id = "search-field";
      input.removeAttribute("title");
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.className = "visually-hidden";
      label.textContent = input.getAttribute("placeholder") || "";
      input.parentNode.insertBefore(label, input);
    }).observe(search, { childList: true, subtree: true });
  }

  lightbox();

  // Every photo of an article opens over the page at full size: a modal <dialog> (focus stays in it
  // and goes back to the photo when it closes, Esc closes it), ← / → and swipes step through the photos.
  function lightbox() {
    var template = document.getElementById("lightbox-template");
    if (!template) return;
    var photos = [];
    document.querySelectorAll(".article .photo, .article-body img").forEach(function (el) {
      if (el.tagName === "IMG" && el.closest(".photo")) return;
      var img = el.tagName === "IMG" ? el : el.querySelector("img");
      var link = el.tagName === "IMG" ? null : el.querySelector("a.enlarge");
      var caption = el.tagName === "IMG" ? (img.getAttribute("alt") || "") :
        ((el.querySelector("figcaption") || {}).textContent || "");
      photos.push({ el: link || img, full: link ? link.href : largest(img), alt: img.getAttribute("alt") || "",
                    caption: caption.replace(/\s+/g, " ").trim() });
    });
    if (!photos.length) return;
    document.body.appendChild(template.content.cloneNode(true));
    var dialog = document.querySelector("dialog.lightbox");
    var stage = dialog.querySelector(".lightbox-stage"), caption = dialog.querySelector(".lightbox-caption");
    var prev = dialog.querySelector(".lightbox-prev"), next = dialog.querySelector(".lightbox-next");
    var photoOf = dialog.getAttribute("data-photo-of"), at = 0, opener = null;
    prev.hidden = next.hidden = photos.length < 2;

    function show(i) {
      at = (i + photos.length) % photos.length;
      var p = photos[at], img = document.createElement("img");
      img.src = p.full;
      img.alt = p.alt;
      img.draggable = false;          // a mouse swipe must not pick the picture up
      stage.replaceChildren(img);
      var count = photos.length > 1 ? photoOf.replace("{num}", at + 1).replace("{count}", photos.length) : "";
      caption.textContent = [count, p.caption].filter(Boolean).join(" · ");
    }
    photos.forEach(function (p, i) {
      if (p.el.tagName === "IMG") { p.el.tabIndex = 0; p.el.setAttribute("role", "button"); p.el.style.cursor = "zoom-in"; }
      function open(ev) {
        ev.preventDefault();
        opener = p.el;
        show(i);
        dialog.showModal();
        dialog.querySelector(".lightbox-close").focus();
      }
      p.el.addEventListener("click", open);
      if (p.el.tagName === "IMG") p.el.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") open(ev); });
    });
    prev.addEventListener("click", function () { show(at - 1); });
    next.addEventListener("click", function () { show(at + 1); });
    dialog.querySelector(".lightbox-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { stage.replaceChildren(); if (opener) opener.focus(); });
    dialog.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowLeft") { ev.preventDefault(); ev.stopPropagation(); show(at - 1); }
      else if (ev.key === "ArrowRight") { ev.preventDefault(); ev.stopPropagation(); show(at + 1); }
    });
    var x0 = null, swiped = false;
    dialog.addEventListener("click", function (ev) {
      if (!swiped && (ev.target === dialog || ev.target === stage)) dialog.close();
      swiped = false;
    });
    stage.addEventListener("pointerdown", function (ev) { x0 = ev.isPrimary ? ev.clientX : null; });
    stage.addEventListener("pointerup", function (ev) {
      if (x0 === null) return;
      var dx = ev.clientX - x0;
      x0 = null;
      swiped = Math.abs(dx) > 40;
      if (swiped) show(at + (dx < 0 ? 1 : -1));
    });
  }

  // The widest candidate of a picture's first <source> (or the image itself).
  function largest(img) {
    var source = img.parentNode.tagName === "PICTURE" ? img.parentNode.querySelector("source") : null;
    var best = img.currentSrc || img.src, width = 0;
    if (source) {
      source.getAttribute("srcset").split(",").forEach(function (c) {
        var parts = c.trim().split(/\s+/), w = parseInt(parts[1], 10) || 0;
        if (w > width) { width = w; best = new URL(parts[0], location.href).href; }
      });
    }
    return best;
  }

  // The page reader: asked to zoom (the buttons, + − 0, a double click or tap, a pinch or ctrl+wheel),
  // the scan becomes an OpenSeadragon viewer over the page's IIIF tiles, fetched only then; the story
  // regions go along as its overlays, still links.  Until then (and without a script) it is an image.
  var viewerScript = null;
  function loadViewer(src) {
    viewerScript = viewerScript || new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
    return viewerScript;
  }
  function zoomable(box) {
    if (box.zoom) return box.zoom;
    var controls = box.parentNode.querySelector(".zoom-controls"), viewer = null, starting = null, kept = [];
    if (controls) controls.hidden = false;
    function start() {
      starting = starting || loadViewer(box.getAttribute("data-viewer")).then(function () {
        var url = new URL(box.getAttribute("data-tiles"), location.href).href;
        return fetch(url).then(function (r) { return r.json(); }).then(function (info) {
          info.id = url.replace(/\/info\.json$/, "");     // wherever the site is served from
          info.extraFeatures = ["sizeByWh"];              // level 0, but every tile asked for is on disk
          var holder = document.createElement("div");
          holder.className = "zoom-viewer";
          box.appendChild(holder);
          viewer = OpenSeadragon({
            element: holder, tileSources: info, showNavigationControl: false, visibilityRatio: 1,
            constrainDuringPan: true, minZoomImageRatio: 1, maxZoomPixelRatio: 2, zoomPerScroll: 1.4,
            animationTime: matchMedia("(prefers-reduced-motion: reduce)").matches ? 0 : 0.25,
            gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true, scrollToZoom: true },
            gestureSettingsTouch: { clickToZoom: false, dblClickToZoom: true, pinchToZoom: true }
          });
          var ratio = info.height / info.width;
          box.querySelectorAll(".region").forEach(function (a) {
            kept.push([a, a.getAttribute("style")]);
            var f = function (k) { return parseFloat(a.style[k]) / 100; };
            viewer.addOverlay({ element: a, location: new OpenSeadragon.Rect(f("left"), f("top") * ratio, f("width"), f("height") * ratio) });
            new OpenSeadragon.MouseTracker({ element: a, clickHandler: function (e) { if (e.quick) location.href = a.href; } });
          });
          box.classList.add("zooming");
          return new Promise(function (resolve) { viewer.addOnceHandler("open", function () { resolve(viewer); }); });
        });
      });
      return starting;
    }
    function stop() {
      if (!viewer) return;
      var v = viewer;
      viewer = starting = null;
      v.clearOverlays();
      kept.forEach(function (k) { k[0].setAttribute("style", k[1]); box.insertBefore(k[0], box.querySelector(".zoom-viewer")); });
      kept = [];
      v.destroy();
      box.querySelector(".zoom-viewer").remove();
      box.classList.remove("zooming");
    }
    function zoomBy(factor, point) {
      return start().then(function (v) {
        var at;
        if (point) {
          var r = v.element.getBoundingClientRect();
          at = v.viewport.viewerElementToViewportCoordinates(new OpenSeadragon.Point(point.x - r.left, point.y - r.top));
        }
        v.viewport.zoomBy(factor, at);
        v.viewport.applyConstraints();
      });
    }
    box.zoom = {
      act: function (what, point) {
        if (what === "reset") { stop(); return Promise.resolve(); }
        return zoomBy(what === "in" ? 2 : 0.5, point);
      }
    };
    if (controls) controls.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-zoom]");
      if (b) box.zoom.act(b.getAttribute("data-zoom"));
    });
    box.addEventListener("dblclick", function (ev) {
      if (viewer) return;
      ev.preventDefault();
      box.zoom.act("in", { x: ev.clientX, y: ev.clientY });
    });
    box.addEventListener("wheel", function (ev) {
      if (viewer || !ev.ctrlKey) return;
      ev.preventDefault();
      box.zoom.act(ev.deltaY < 0 ? "in" : "out", { x: ev.clientX, y: ev.clientY });
    }, { passive: false });
    box.addEventListener("touchstart", function (ev) {
      if (!viewer && ev.touches.length === 2) start();
    }, { passive: true });
    return box.zoom;
  }
  function zoomBoxes() {      // from disk (an offline copy) nothing can be fetched: the image stays as it is
    if (location.protocol !== "file:") document.querySelectorAll(".scan-box[data-tiles]").forEach(zoomable);
  }
  zoomBoxes();
  document.addEventListener("epaper:page", zoomBoxes);
  document.addEventListener("keydown", function (ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) || document.querySelector("dialog[open]")) return;
    var what = { "+": "in", "=": "in", "-": "out", "_": "out", "0": "reset" }[ev.key];
    var box = document.querySelector(".strip .current .scan-box[data-tiles]") || document.querySelector(".scan-box[data-tiles]");
    if (!what || !box || location.protocol === "file:") return;
    ev.preventDefault();
    zoomable(box).act(what);
  });
})();
