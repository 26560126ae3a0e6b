// Drawing a grid's polygon on a map of the state outlines: a click adds
// a corner to the form's "Corners" box (one "latitude, longitude" a
// line), and what the box holds is drawn, so typing and clicking agree.
// Drag pans; controls.js adds the wheel, buttons and keys. The box
// alone is enough without JavaScript; this only helps to place the
// corners.
(function () {
  "use strict";

  function corners(text) {
    return text.split(/[\n;]/).map(function (line) {
      var p = line.split(/[\s,]+/).filter(Boolean).map(Number);
      return p.length === 2 && isFinite(p[0]) && isFinite(p[1])
        ? [p[1], p[0]] : null;
    }).filter(Boolean);
  }

  function init(root) {
    var box = document.getElementById(root.dataset.drawFor);
    var canvas = root.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var projection = d3.geoAlbersUsa();
    var states = null, land = null, borders = null;
    var W = 0, k = 1, tx = 0, ty = 0, drag = null;

    function fit() {
      W = canvas.clientWidth;
      var H = canvas.clientHeight, dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(H * dpr);
      projection.fitExtent([[8, 8], [W - 8, H - 8]], states);
      var path = d3.geoPath(projection);
      land = new Path2D(path(states));
      borders = new Path2D(path(topojson.mesh(root.us,
        root.us.objects.states, function (a, b) { return a !== b; })));
    }

    function draw() {
      if (!states || !canvas.clientWidth) { return; }
      if (canvas.clientWidth !== W) {
        var f = W ? canvas.clientWidth / W : 0;
        tx *= f;
        ty *= f;
        fit();
        if (!f) { frame(); }
      }
      var dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, canvas.clientHeight);
      ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
      ctx.fillStyle = "#eceff3";
      ctx.fill(land);
      ctx.lineWidth = 1 / k;
      ctx.strokeStyle = "#9aa4b1";
      ctx.stroke(borders);
      ctx.stroke(land);
      var pts = corners(box.value).map(function (c) {
        return projection(c);
      }).filter(Boolean);
      if (pts.length) {
        ctx.beginPath();
        pts.forEach(function (p, i) {
          if (i) { ctx.lineTo(p[0], p[1]); } else { ctx.moveTo(p[0], p[1]); }
        });
        ctx.closePath();
        ctx.fillStyle = "rgba(234, 88, 12, 0.25)";
        ctx.fill();
        ctx.lineWidth = 2 / k;
        ctx.strokeStyle = "#c2410c";
        ctx.stroke();
        ctx.fillStyle = "#7c2d12";
        pts.forEach(function (p) {
          ctx.fillRect(p[0] - 3 / k, p[1] - 3 / k, 6 / k, 6 / k);
        });
      }
      canvas.dataset.corners = String(pts.length);
    }

    // Shows the corners already typed, zoomed in on them.
    function frame() {
      var pts = corners(box.value).map(function (c) {
        return projection(c);
      }).filter(Boolean);
      if (pts.length < 2) { return; }
      var xs = pts.map(function (p) { return p[0]; });
      var ys = pts.map(function (p) { return p[1]; });
      var w = Math.max.apply(null, xs) - Math.min.apply(null, xs);
      var h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
      var H = canvas.clientHeight;
      k = Math.max(1, Math.min(4096, 0.5 * Math.min(W / (w || 1),
        H / (h || 1))));
      tx = W / 2 - k * (Math.min.apply(null, xs) + w / 2);
      ty = H / 2 - k * (Math.min.apply(null, ys) + h / 2);
    }

    function zoom(x, y, f) {
      var nk = Math.max(1, Math.min(4096, k * f));
      tx = x - (x - tx) * (nk / k);
      ty = y - (y - ty) * (nk / k);
      k = nk;
      draw();
    }

    function at(ev) {
      var r = canvas.getBoundingClientRect();
      return [ev.clientX - r.left, ev.clientY - r.top];
    }

    function add(x, y) {
      var c = projection.invert([(x - tx) / k, (y - ty) / k]);
      if (!c) { return; }
      var line = c[1].toFixed(5) + ", " + c[0].toFixed(5);
      var text = box.value.replace(/\s+$/, "");
      box.value = text ? text + "\n" + line : line;
      draw();
    }

    function edit(what) {
      var lines = box.value.split("\n").filter(function (l) {
        return l.trim();
      });
      if (what === "undo") { lines.pop(); }
      box.value = what === "clear" ? "" : lines.join("\n");
      draw();
    }

    canvas.addEventListener("pointerdown", function (ev) {
      drag = { p: at(ev), tx: tx, ty: ty, moved: false };
      canvas.setPointerCapture(ev.pointerId);
    });
    canvas.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      var p = at(ev), dx = p[0] - drag.p[0], dy = p[1] - drag.p[1];
      if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
      tx = drag.tx + dx;
      ty = drag.ty + dy;
      draw();
    });
    canvas.addEventListener("pointerup", function (ev) {
      if (drag && !drag.moved) { add(drag.p[0], drag.p[1]); }
      drag = null;
      ev.preventDefault();
    });
    HoneyGridControls(root, canvas, {
      zoom: zoom,
      pan: function (dx, dy) {
        tx += dx;
        ty += dy;
        draw();
      },
      reset: function () {
        k = 1;
        tx = 0;
        ty = 0;
        draw();
      }
    });
    root.querySelectorAll("[data-draw]").forEach(function (b) {
      b.addEventListener("click", function () { edit(b.dataset.draw); });
    });
    box.addEventListener("input", draw);
    // The map is hidden until a polygon is chosen; it is drawn when
    // it has a size.
    new ResizeObserver(draw).observe(canvas);

    fetch(root.dataset.statesSrc)
      .then(function (r) { return r.json(); })
      .then(function (us) {
        root.us = us;
        states = topojson.feature(us, us.objects.states);
        root.hidden = false;
        draw();
      })
      .catch(function () {
        root.hidden = true;
      });
  }

  function start() {
    if (!window.d3 || !window.topojson || !window.HoneyGridControls) {
      return;
    }
    document.querySelectorAll(".draw-map").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
