// The map of a page: US state outlines (us-atlas, d3.geoAlbersUsa)
// and H3 cells drawn on a canvas, coloured by a metric in quantile
// classes, with zoom (wheel, buttons), pan (drag) and a tooltip. The
// server sends the cells with their boundaries (map.json), rolled up
// to coarser cells when zoomed out; a new view is asked for after the
// view changed. Sets data-state="drawn" and data-hexagons on the canvas.
(function () {
  "use strict";

  var COLOURS = ["#fff3c4", "#fedd8d", "#fdbf5a", "#f89c3a",
    "#e8742a", "#c24e1f", "#842f13"];
  // Changes: down (blues, largest first), none, up (oranges).
  var DOWN = ["#1e3a8a", "#3b82f6", "#bfdbfe"];
  var UP = ["#fed7aa", "#f97316", "#9a3412"];
  var ZERO = "#d1d5db";
  var EARTH_KM = 6371;
  var BUCKET = 24;

  function number(v) {
    return Number(v).toLocaleString("en-US");
  }

  function signed(v) {
    if (v > 0) { return "+" + number(v); }
    if (v < 0) { return "−" + number(-v); }
    return "0";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function inside(x, y, pts) {
    var hit = false;
    for (var i = 0, j = pts.length - 2; i < pts.length; j = i, i += 2) {
      var xi = pts[i], yi = pts[i + 1], xj = pts[j], yj = pts[j + 1];
      if ((yi > y) !== (yj > y) &&
          x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
        hit = !hit;
      }
    }
    return hit;
  }

  function init(root) {
    if (root.dataset.mapReady || !window.d3 || !window.topojson
      || !window.HoneyGridControls) {
      return;
    }
    root.dataset.mapReady = "1";
    root.hidden = false;
    var canvas = root.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var select = root.querySelector(".map-metric");
    var legend = root.querySelector(".map-legend");
    var tooltip = root.querySelector(".map-tooltip");
    var status = root.querySelector(".map-status");
    var note = root.querySelector(".map-res");
    var src = root.dataset.mapSrc;
    var projection = d3.geoAlbersUsa();
    var us = null, land = null, borders = null;
    var W = 0, H = 0, dpr = 1, k = 1, tx = 0, ty = 0;
    var data = null, hexes = [], paths = [], buckets = {};
    var metric = 0, hovered = null, drag = null;
    var asked = "", seq = 0, timer = 0, first = true, loading = false;
    var fits = 3;

    function fit() {
      W = canvas.clientWidth || 800;
      H = canvas.clientHeight || Math.round(W * 9 / 16);
      dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(H * dpr);
      var states = topojson.feature(us, us.objects.states);
      projection.fitExtent([[12, 12], [W - 12, H - 12]], states);
      var path = d3.geoPath(projection);
      land = new Path2D(path(states));
      borders = new Path2D(path(topojson.mesh(us, us.objects.states,
        function (a, b) { return a !== b; })));
    }

    function project() {
      hexes = [];
      buckets = {};
      if (!data) { return; }
      data.cells.forEach(function (c) {
        var ring = c[2], pts = [], sx = 0, sy = 0;
        for (var i = 0; i < ring.length; i += 2) {
          var p = projection([ring[i], ring[i + 1]]);
          if (!p) { return; }
          pts.push(p[0], p[1]);
          sx += p[0];
          sy += p[1];
        }
        var n = pts.length / 2;
        var h = { id: c[0], values: c[1], pts: pts, x: sx / n, y: sy / n };
        hexes.push(h);
        var key = Math.floor(h.x / BUCKET) + ":" + Math.floor(h.y / BUCKET);
        (buckets[key] = buckets[key] || []).push(h);
      });
      classify();
    }

    // Up to 6 class breaks of sorted values, each above the last.
    function quantiles(values) {
      var breaks = [];
      for (var q = 1; q < COLOURS.length; q++) {
        var t = values[Math.floor(q * values.length / COLOURS.length)];
        var last = breaks.length ? breaks[breaks.length - 1] : values[0];
        if (t !== undefined && t > last) { breaks.push(t); }
      }
      return breaks;
    }

    // Classes of changes: three sizes down, none, three sizes up, the
    // sizes split at the terciles of the changes' magnitudes.
    function classifyChanges() {
      var sizes = hexes.map(function (h) { return Math.abs(h.values[metric]); })
        .filter(function (v) { return v > 0; });
      sizes.sort(function (a, b) { return a - b; });
      var t1 = sizes[Math.floor(sizes.length / 3)] || 1;
      var t2 = sizes[Math.floor(2 * sizes.length / 3)] || t1;
      if (t2 <= t1) { t2 = t1 + 1; }
      var mid = t2 - 1 > t1 ? number(t1) + "–" + number(t2 - 1) : number(t1);
      var classes = [
        { colour: DOWN[0], text: "Down " + number(t2) + " or more" },
        { colour: DOWN[1], text: "Down " + mid },
        { colour: DOWN[2], text: "Down less than " + number(t1) },
        { colour: ZERO, text: "No change in this metric" },
        { colour: UP[0], text: "Up less than " + number(t1) },
        { colour: UP[1], text: "Up " + mid },
        { colour: UP[2], text: "Up " + number(t2) + " or more" }
      ];
      paths = classes.map(function (c) {
        return { colour: c.colour, path: new Path2D(), used: false };
      });
      hexes.forEach(function (h) {
        var v = h.values[metric], a = Math.abs(v);
        var size = a >= t2 ? 3 : a >= t1 ? 2 : 1;
        var cls = v === 0 ? 3 : v < 0 ? 3 - size : 3 + size;
        paths[cls].used = true;
        trace(paths[cls].path, h);
      });
      legend.textContent = "";
      classes.forEach(function (c, i) {
        if (!paths[i].used) { return; }
        var li = el("li", "map-legend-item");
        var sw = el("span", "map-swatch");
        sw.style.background = c.colour;
        li.appendChild(sw);
        li.appendChild(el("span", "", c.text));
        legend.appendChild(li);
      });
    }

    function trace(p, h) {
      p.moveTo(h.pts[0], h.pts[1]);
      for (var i = 2; i < h.pts.length; i += 2) {
        p.lineTo(h.pts[i], h.pts[i + 1]);
      }
      p.closePath();
    }

    function classify() {
      if (data && data.diverging) { classifyChanges(); return; }
      var values = hexes.map(function (h) { return h.values[metric]; });
      values.sort(function (a, b) { return a - b; });
      var breaks = quantiles(values);
      if (breaks.length < 3) {
        // Skewed values (most cells 1): classes of the distinct values.
        breaks = quantiles(values.filter(function (v, i) {
          return i === 0 || v !== values[i - 1];
        }));
      }
      var count = breaks.length + 1;
      var colours = [];
      for (var c = 0; c < count; c++) {
        var at = count === 1 ? COLOURS.length - 2
          : Math.round(c * (COLOURS.length - 1) / (count - 1));
        colours.push(COLOURS[at]);
      }
      paths = colours.map(function (colour) {
        return { colour: colour, path: new Path2D() };
      });
      hexes.forEach(function (h) {
        var v = h.values[metric], cls = 0;
        while (cls < breaks.length && v >= breaks[cls]) { cls++; }
        trace(paths[cls].path, h);
      });
      legend.textContent = "";
      if (!values.length) { return; }
      var lows = [values[0]].concat(breaks);
      var max = values[values.length - 1];
      paths.forEach(function (p, i) {
        var li = el("li", "map-legend-item");
        var sw = el("span", "map-swatch");
        sw.style.background = p.colour;
        li.appendChild(sw);
        var lo = lows[i];
        var hi = i + 1 < lows.length ? lows[i + 1] - 1 : max;
        var text = hi > lo ? number(lo) + "–" + number(hi) : number(lo);
        li.appendChild(el("span", "", text));
        legend.appendChild(li);
      });
    }

    function draw() {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
      ctx.fillStyle = "#eceff3";
      ctx.fill(land);
      ctx.lineJoin = "round";
      ctx.lineWidth = 1 / k;
      paths.forEach(function (p) {
        ctx.fillStyle = p.colour;
        ctx.strokeStyle = p.colour;
        ctx.fill(p.path);
        ctx.stroke(p.path);
      });
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.lineWidth = 1.2 / k;
      ctx.stroke(borders);
      ctx.strokeStyle = "#9aa4b1";
      ctx.lineWidth = 0.6 / k;
      ctx.stroke(borders);
      ctx.stroke(land);
      if (hovered) {
        var h = new Path2D();
        trace(h, hovered);
        ctx.strokeStyle = "#111827";
        ctx.lineWidth = 2 / k;
        ctx.stroke(h);
      }
      canvas.setAttribute("data-hexagons", String(hexes.length));
      if (data) {
        canvas.setAttribute("data-state", loading ? "loading" : "drawn");
        if (first) {
          first = false;
          root.dataset.firstDrawMs = String(Math.round(performance.now()));
        }
      }
    }

    function kmPerPx() {
      return EARTH_KM / (projection.scale() * k);
    }

    function bbox() {
      if (k < 1.5) { return null; }
      var w = 180, s = 90, e = -180, n = -90, any = false;
      for (var i = -1; i <= 5; i++) {
        for (var j = -1; j <= 5; j++) {
          var x = ((W * i / 4) - tx) / k, y = ((H * j / 4) - ty) / k;
          var p = projection.invert([x, y]);
          if (!p || !isFinite(p[0]) || !isFinite(p[1])) { continue; }
          any = true;
          w = Math.min(w, p[0]);
          e = Math.max(e, p[0]);
          s = Math.min(s, p[1]);
          n = Math.max(n, p[1]);
        }
      }
      if (!any) { return null; }
      return [w, s, e, n].map(function (v) { return v.toFixed(2); });
    }

    function request() {
      var params = "&km_per_px=" + kmPerPx().toPrecision(3);
      var box = bbox();
      if (box) { params += "&bbox=" + box.join(","); }
      if (params === asked) { return; }
      asked = params;
      var mine = ++seq;
      loading = true;
      canvas.setAttribute("data-state", "loading");
      status.hidden = false;
      status.textContent = "Loading cells…";
      fetch(src + params, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        })
        .then(function (d) {
          if (mine !== seq) { return; }
          loading = false;
          var names = data ? data.metrics.join() : "";
          data = d;
          if (names !== d.metrics.join()) { options(); }
          project();
          status.hidden = true;
          if (fits > 0) { focus(); }
          note.textContent = number(hexes.length) +
            (hexes.length === 1 ? " cell" : " cells") + " · H3 resolution " +
            d.resolution + (d.resolution < d.native
              ? " (summed from " + d.native + ")" : "");
          draw();
        })
        .catch(function () {
          if (mine !== seq) { return; }
          loading = false;
          asked = "";
          status.hidden = false;
          status.textContent = "The map could not be loaded.";
        });
    }

    // The first view: when the cells cover a small part of the map,
    // zoom to them (and ask for finer cells).
    function focus() {
      if (!hexes.length) { return; }
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      hexes.forEach(function (h) {
        for (var i = 0; i < h.pts.length; i += 2) {
          x0 = Math.min(x0, h.pts[i]);
          y0 = Math.min(y0, h.pts[i + 1]);
          x1 = Math.max(x1, h.pts[i]);
          y1 = Math.max(y1, h.pts[i + 1]);
        }
      });
      var w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
      var nk = Math.max(1, Math.min(W * 0.6 / w, H * 0.6 / h, 512));
      fits--;
      if (nk < 2 || Math.abs(Math.log(nk / k)) < 0.4) {
        fits = 0;
        return;
      }
      k = nk;
      tx = W / 2 - k * (x0 + x1) / 2;
      ty = H / 2 - k * (y0 + y1) / 2;
      request();
    }

    function options() {
      select.textContent = "";
      var pick = data.metrics.indexOf("customerCount");
      metric = pick < 0 ? 0 : pick;
      data.labels.forEach(function (label, i) {
        var o = el("option", "", label);
        o.value = String(i);
        select.appendChild(o);
      });
      select.value = String(metric);
      select.disabled = data.metrics.length < 2;
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(request, 350);
    }

    function zoomAt(x, y, f) {
      fits = 0;
      var nk = Math.max(1, Math.min(512, k * f));
      tx = x - (x - tx) * (nk / k);
      ty = y - (y - ty) * (nk / k);
      k = nk;
      if (k === 1) { tx = 0; ty = 0; }
      draw();
      later();
    }

    function at(ev) {
      var r = canvas.getBoundingClientRect();
      return [ev.clientX - r.left, ev.clientY - r.top];
    }

    function find(x, y) {
      var bx = (x - tx) / k, by = (y - ty) / k;
      var cx = Math.floor(bx / BUCKET), cy = Math.floor(by / BUCKET);
      var best = null, dist = 6 / k;
      for (var i = -1; i <= 1; i++) {
        for (var j = -1; j <= 1; j++) {
          (buckets[(cx + i) + ":" + (cy + j)] || []).forEach(function (h) {
            if (inside(bx, by, h.pts)) { best = h; dist = -1; return; }
            var d = Math.hypot(h.x - bx, h.y - by);
            if (d < dist) { best = h; dist = d; }
          });
        }
      }
      return best;
    }

    function tip(h, x, y) {
      tooltip.textContent = "";
      if (!h) { tooltip.hidden = true; return; }
      tooltip.appendChild(el("div", "map-tip-cell", h.id));
      data.labels.forEach(function (label, i) {
        var row = el("div", i === metric ? "map-tip-row is-current"
          : "map-tip-row");
        row.appendChild(el("span", "", label));
        var v = h.values[i];
        row.appendChild(el("strong", "", data.diverging ? signed(v) : number(v)));
        tooltip.appendChild(row);
      });
      tooltip.hidden = false;
      var left = Math.min(x + 14, W - tooltip.offsetWidth - 4);
      var top = y + 14 + tooltip.offsetHeight > H
        ? y - tooltip.offsetHeight - 10 : y + 14;
      tooltip.style.left = Math.max(4, left) + "px";
      tooltip.style.top = Math.max(4, top) + "px";
    }

    canvas.addEventListener("pointerdown", function (ev) {
      drag = { p: at(ev), tx: tx, ty: ty, moved: false };
      fits = 0;
      canvas.setPointerCapture(ev.pointerId);
    });
    canvas.addEventListener("pointermove", function (ev) {
      var p = at(ev);
      if (drag) {
        var dx = p[0] - drag.p[0], dy = p[1] - drag.p[1];
        if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
        tx = drag.tx + dx;
        ty = drag.ty + dy;
        tip(null);
        draw();
        return;
      }
      var h = find(p[0], p[1]);
      if (h !== hovered) { hovered = h; draw(); }
      tip(h, p[0], p[1]);
    });
    canvas.addEventListener("pointerup", function () {
      if (drag && drag.moved) { later(); }
      drag = null;
    });
    canvas.addEventListener("pointerleave", function () {
      if (hovered) { hovered = null; draw(); }
      tip(null);
    });
    canvas.addEventListener("dblclick", function (ev) {
      var p = at(ev);
      zoomAt(p[0], p[1], 2);
    });
    HoneyGridControls(root, canvas, {
      zoom: zoomAt,
      pan: function (dx, dy) {
        fits = 0;
        tx += dx;
        ty += dy;
        draw();
        later();
      },
      reset: function () {
        fits = 0;
        k = 1;
        tx = 0;
        ty = 0;
        draw();
        later();
      }
    });
    select.addEventListener("change", function () {
      metric = Number(select.value) || 0;
      classify();
      draw();
    });
    window.addEventListener("resize", function () {
      clearTimeout(root.resizeTimer);
      root.resizeTimer = setTimeout(function () {
        if (!us || W === canvas.clientWidth) { return; }
        var f = canvas.clientWidth / W;
        tx *= f;
        ty *= f;
        fit();
        project();
        draw();
      }, 150);
    });

    fetch(root.dataset.statesSrc)
      .then(function (r) { return r.json(); })
      .then(function (topo) {
        us = topo;
        fit();
        draw();
        request();
      })
      .catch(function () {
        status.textContent = "The map could not be loaded.";
      });
  }

  function all() {
    document.querySelectorAll(".map[data-map-src]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", all);
  } else {
    all();
  }
  document.addEventListener("htmx:afterSettle", all);
})();
