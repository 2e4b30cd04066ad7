// The preview's region editor (epaper/regioneditor.py), added to a page view with a scan by the preview
// only.  Its toggle (W.toggle: the words come from regioneditor.py, in the paper's language) turns it on: choose an article (the list, a headline, or its region on
// the scan), drag on the scan to draw its region, drag the box to move it or a handle to resize it (or
// use the arrow keys: Shift resizes), and save.  The preview writes `area:` into the article's front
// matter; the rebuild that follows reloads the page, and the editor comes back as it was.
(function () {
  "use strict";
  var dataNode = document.getElementById("epaper-region-data");
  var scan = document.querySelector(".strip-page.current .scan-box") || document.querySelector(".scan-box");
  if (!dataNode || !scan) return;
  var data = JSON.parse(dataNode.textContent);
  var W = data.words;
  var KEPT = "epaper-region-editor";       // sessionStorage: the editor's state across the reload after a save
  var MIN = 0.01;                          // the smallest width or height a drag makes
  var STEP = 0.005;                        // an arrow key's move
  var articles = {};
  data.articles.forEach(function (a) { articles[a.url] = a; });
  var edited = {};                         // url -> [x, y, w, h] not saved yet
  var chosen = null, layer = null, box = null, drag = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  // --- the toolbar ---
  var bar = el("div", {"class": "er-bar", role: "group", "aria-label": W.toggle});
  var toggle = el("button", {type: "button", "class": "er-toggle", "aria-pressed": "false"}, W.toggle);
  var tools = el("span", {"class": "er-tools", hidden: ""});
  var label = el("label", {"for": "er-article"}, W.article);
  var select = el("select", {id: "er-article", "class": "er-article"});
  select.appendChild(el("option", {value: ""}, W.choose));
  data.articles.forEach(function (a) {
    select.appendChild(el("option", {value: a.url}, a.title + (a.area ? "" : W.no_region)));
  });
  var save = el("button", {type: "button", "class": "er-save", disabled: ""}, W.save);
  var undo = el("button", {type: "button", "class": "er-undo", disabled: ""}, W.undo);
  var status = el("p", {"class": "er-status", role: "status", "aria-live": "polite"});
  tools.append(label, select, save, undo);
  bar.append(toggle, tools, status);
  var strip = scan.closest(".strip") || scan.closest("figure") || scan;
  strip.parentNode.insertBefore(bar, strip);

  function say(text, error) {
    status.textContent = text;
    status.classList.toggle("er-error", !!error);
  }

  function areaOf(url) { return edited[url] || (articles[url] && articles[url].area) || null; }

  function remember() {
    try {
      sessionStorage.setItem(KEPT, JSON.stringify({page: data.page, on: !!layer, chosen: chosen}));
    } catch (e) { /* private mode: the editor just starts closed */ }
  }

  // --- editing on and off ---
  function start() {
    toggle.setAttribute("aria-pressed", "true");
    tools.hidden = false;
    scan.classList.add("er-editing");
    document.body.classList.add("er-editing-headlines");
    layer = el("div", {"class": "er-layer"});
    scan.appendChild(layer);
    layer.addEventListener("pointerdown", down);
    layer.addEventListener("pointermove", move);
    layer.addEventListener("pointerup", up);
    layer.addEventListener("pointercancel", function () { drag = null; });
    say(W.start);
    remember();
  }

  function stop() {
    toggle.setAttribute("aria-pressed", "false");
    tools.hidden = true;
    scan.classList.remove("er-editing");
    document.body.classList.remove("er-editing-headlines");
    if (layer) layer.remove();
    layer = box = drag = null;
    edited = {};
    chosen = null;
    select.value = "";
    markChosen();
    refresh();
    say("");
    remember();
  }

  toggle.addEventListener("click", function () { (layer ? stop : start)(); });

  // --- choosing an article ---
  function choose(url) {
    chosen = articles[url] ? url : null;
    select.value = chosen || "";
    markChosen();
    draw();
    if (chosen) {
      say(areaOf(chosen) ? W.move : W.draw.replace("{title}", articles[chosen].title));
    }
    remember();
  }

  function markChosen() {
    document.querySelectorAll(".headlines .headline").forEach(function (h) {
      h.classList.toggle("er-chosen", !!chosen && h.getAttribute("data-article") === chosen);
    });
  }

  select.addEventListener("change", function () { choose(select.value); });
  document.querySelectorAll(".headlines .headline").forEach(function (h) {
    h.addEventListener("click", function (e) {
      if (!layer) return;
      e.preventDefault();                  // while editing, a headline chooses its article
      choose(h.getAttribute("data-article"));
    });
  });

  // --- the chosen article's box ---
  function draw() {
    var area = chosen && areaOf(chosen);
    if (!layer) return;
    if (!area) {
      if (box) box.remove();
      box = null;
      return;
    }
    if (!box) {
      box = el("div", {"class": "er-box", tabindex: "0", role: "group"});
      box.appendChild(el("span", {"class": "er-label"}));
      ["nw", "n", "ne", "e", "se", "s", "sw", "w"].forEach(function (edges) {
        box.appendChild(el("span", {"class": "er-handle", "data-edges": edges, "aria-hidden": "true"}));
      });
      box.addEventListener("keydown", key);
      layer.appendChild(box);
    }
    var title = articles[chosen].title;
    box.querySelector(".er-label").textContent = title;
    box.setAttribute("aria-label", W.region.replace("{title}", title));
    box.style.left = area[0] * 100 + "%";
    box.style.top = area[1] * 100 + "%";
    box.style.width = area[2] * 100 + "%";
    box.style.height = area[3] * 100 + "%";
  }

  function refresh() {
    var dirty = Object.keys(edited).length > 0;
    save.disabled = !dirty;
    undo.disabled = !dirty;
  }

  function set(area) {
    edited[chosen] = area.map(function (v) { return Math.round(v * 100000) / 100000; });
    draw();
    refresh();
  }

  // --- dragging ---
  function point(e) {
    var r = layer.getBoundingClientRect();
    return [clamp((e.clientX - r.left) / r.width, 0, 1), clamp((e.clientY - r.top) / r.height, 0, 1)];
  }

  function clamp(v, low, high) { return Math.min(Math.max(v, low), high); }

  function down(e) {
    if (e.button !== 0) return;
    var p = point(e), handle = e.target.closest(".er-handle");
    var onBox = box && e.target.closest(".er-box");
    if (!chosen) {                         // no article chosen: a click on a region chooses it
      var hit = data.articles.filter(function (a) { var r = areaOf(a.url); return r && inside(p, r); })[0];
      if (hit) choose(hit.url);
      else say(W.choose_first, true);
      return;
    }
    e.preventDefault();
    layer.setPointerCapture(e.pointerId);
    drag = {from: p, area: areaOf(chosen), mode: handle ? handle.getAttribute("data-edges") : onBox ? "move" : "draw",
            moved: false};
  }

  function inside(p, r) { return p[0] >= r[0] && p[0] <= r[0] + r[2] && p[1] >= r[1] && p[1] <= r[1] + r[3]; }

  function move(e) {
    if (!drag) return;
    var p = point(e), a = drag.area, f = drag.from;
    if (!drag.moved && Math.abs(p[0] - f[0]) < 0.003 && Math.abs(p[1] - f[1]) < 0.003) return;
    drag.moved = true;
    if (drag.mode === "draw") {
      set([Math.min(f[0], p[0]), Math.min(f[1], p[1]), Math.abs(p[0] - f[0]), Math.abs(p[1] - f[1])]);
    } else if (drag.mode === "move") {
      set([clamp(a[0] + p[0] - f[0], 0, 1 - a[2]), clamp(a[1] + p[1] - f[1], 0, 1 - a[3]), a[2], a[3]]);
    } else {
      set(resized(a, drag.mode, p));
    }
  }

  function resized(a, edges, p) {
    var x1 = a[0], y1 = a[1], x2 = a[0] + a[2], y2 = a[1] + a[3];
    if (edges.indexOf("w") >= 0) x1 = Math.min(p[0], x2 - MIN);
    if (edges.indexOf("e") >= 0) x2 = Math.max(p[0], x1 + MIN);
    if (edges.indexOf("n") >= 0) y1 = Math.min(p[1], y2 - MIN);
    if (edges.indexOf("s") >= 0) y2 = Math.max(p[1], y1 + MIN);
    return [x1, y1, x2 - x1, y2 - y1];
  }

  function up(e) {
    if (!drag) return;
    if (drag.mode === "draw" && !drag.moved) {       // a click on another article's region chooses it
      var p = point(e), hit = data.articles.filter(function (x) { var r = areaOf(x.url); return r && inside(p, r); })[0];
      drag = null;
      if (hit && hit.url !== chosen) choose(hit.url);
      return;
    }
    var a = chosen && edited[chosen];
    if (drag.mode === "draw" && drag.moved && a && (a[2] < MIN || a[3] < MIN)) {
      if (drag.area) edited[chosen] = drag.area; else delete edited[chosen];     // too small to be meant
      draw();
      refresh();
    }
    drag = null;
    if (chosen && edited[chosen]) say(W.unsaved + text(edited[chosen]));
  }

  function key(e) {
    var a = areaOf(chosen), d = {ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP]}[e.key];
    if (!a || !d) return;
    e.preventDefault();
    if (e.shiftKey) set([a[0], a[1], clamp(a[2] + d[0], MIN, 1 - a[0]), clamp(a[3] + d[1], MIN, 1 - a[1])]);
    else set([clamp(a[0] + d[0], 0, 1 - a[2]), clamp(a[1] + d[1], 0, 1 - a[3]), a[2], a[3]]);
    say(W.unsaved + text(edited[chosen]));
  }

  function text(a) { return "[" + a.map(function (v) { return v.toFixed(3); }).join(", ") + "]"; }

  // --- saving ---
  undo.addEventListener("click", function () {
    edited = {};
    draw();
    refresh();
    say(W.undone);
  });

  save.addEventListener("click", function () {
    var urls = Object.keys(edited);
    save.disabled = true;
    say(W.saving);
    urls.reduce(function (done, url) {
      return done.then(function (changed) {
        return fetch(data.save, {method: "POST", headers: {"Content-Type": "application/json"},
                                 body: JSON.stringify({source: articles[url].source, area: edited[url]})})
          .then(function (r) {
            return r.json().then(function (answer) {
              if (!r.ok) throw new Error(answer.error || r.status);
              articles[url].area = answer.area;
              delete edited[url];
              return changed || answer.changed;
            });
          });
      });
    }, Promise.resolve(false)).then(function (changed) {
      remember();
      refresh();
      say(changed ? W.saved : W.unchanged);
    }, function (error) {
      refresh();
      say(W.not_saved + error.message, true);
    });
  });

  // --- back as it was after the reload that follows a save ---
  try {
    var kept = JSON.parse(sessionStorage.getItem(KEPT) || "null");
    if (kept && kept.page === data.page && kept.on) {
      start();
      if (kept.chosen) choose(kept.chosen);
    }
  } catch (e) { /* nothing kept */ }
})();
