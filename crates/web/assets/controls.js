// The controls the canvas maps share: the wheel, the zoom buttons
// (data-zoom="in", "out", "reset") and the keyboard (arrows pan, + and
// - zoom, 0 shows the whole country), turned into calls to the map's
// own pan(dx, dy), zoom(x, y, factor) and reset().
(function () {
  "use strict";

  var KEYS = { ArrowLeft: [1, 0], ArrowRight: [-1, 0],
    ArrowUp: [0, 1], ArrowDown: [0, -1] };

  window.HoneyGridControls = function (root, canvas, view) {
    function centre(f) {
      view.zoom(canvas.clientWidth / 2, canvas.clientHeight / 2, f);
    }

    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = canvas.getBoundingClientRect();
      view.zoom(ev.clientX - r.left, ev.clientY - r.top,
        Math.exp(-ev.deltaY * 0.0015));
    }, { passive: false });
    canvas.addEventListener("keydown", function (ev) {
      var step = KEYS[ev.key];
      if (step) {
        view.pan(step[0] * canvas.clientWidth / 8,
          step[1] * canvas.clientHeight / 8);
      } else if (ev.key === "+" || ev.key === "=") {
        centre(2);
      } else if (ev.key === "-" || ev.key === "_") {
        centre(0.5);
      } else if (ev.key === "0") {
        view.reset();
      } else {
        return;
      }
      ev.preventDefault();
    });
    root.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var z = b.dataset.zoom;
        if (z === "reset") {
          view.reset();
        } else {
          centre(z === "in" ? 2 : 0.5);
        }
      });
    });
  };
})();
