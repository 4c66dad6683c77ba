// Draws every server-built Plotly figure on the page: an element with data-figure="ID" is drawn
// from the JSON in <script type="application/json" id="ID"> (Django's json_script). Runs again
// after each htmx swap, so charts in swapped-in content are drawn too.
//
// Phone first: a figure's layout may carry `meta.narrow`, changes for a narrow chart (dotted
// paths to values, built in dashboard/charts.py: titles wrapped shorter, smaller text). Below
// NARROW pixels they are applied, and a chart that crosses the width is drawn again.
(function () {
  "use strict";

  // No mode bar: its buttons are unnamed and, inside role="img", unreachable; every chart has
  // its data as a table and a CSV link instead.
  var CONFIG = { responsive: true, displayModeBar: false };
  var NARROW = 560; // dashboard/charts.py NARROW_PX

  function isNarrow(element) {
    return element.clientWidth < NARROW;
  }

  function layoutFor(layout, narrow) {
    var changes = layout.meta && layout.meta.narrow;
    if (!narrow || !changes) return layout;
    var copy = JSON.parse(JSON.stringify(layout));
    Object.keys(changes).forEach(function (path) {
      var keys = path.split(".");
      var node = copy;
      keys.slice(0, -1).forEach(function (key) {
        if (node[key] === undefined || node[key] === null) node[key] = {};
        node = node[key];
      });
      node[keys[keys.length - 1]] = changes[path];
    });
    return copy;
  }

  function drawOne(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) return;
    var narrow = isNarrow(element);
    var version = source.textContent.length + (narrow ? "n" : "w");
    if (element.dataset.drawnFrom === version) return;
    var figure = JSON.parse(source.textContent);
    Plotly.react(element, figure.data, layoutFor(figure.layout, narrow), CONFIG).then(function () {
      element.dataset.drawnFrom = version;
      // The container (role="img") carries the name; plotly's SVG and text stay out of the
      // accessibility tree.
      element.querySelectorAll(".svg-container").forEach(function (svg) {
        svg.setAttribute("aria-hidden", "true");
      });
      element.setAttribute("data-drawn", "true");
    });
  }

  function draw(root) {
    if (typeof Plotly === "undefined") return;
    root.querySelectorAll("[data-figure]").forEach(function (element) {
      drawOne(element);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.body.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
  // A chart that becomes narrow or wide (a turned phone, a resized window) is drawn again in
  // that layout; draw() leaves the others alone.
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { draw(document); }, 200);
  });
})();
