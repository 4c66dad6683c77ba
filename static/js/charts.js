// Draws every server-built Plotly figure on the page: an element with data-figure="ID" is drawn
// from the JSON in <script type="application/json" id="ID"> (Django's json_script). Runs again
// after each htmx swap, so charts in swapped-in content are drawn too.
(function () {
  "use strict";

  // No mode bar: its buttons are unnamed and, inside role="img", unreachable; every chart has
  // its data as a table and a CSV link instead.
  var CONFIG = { responsive: true, displayModeBar: false };

  function draw(root) {
    if (typeof Plotly === "undefined") return;
    root.querySelectorAll("[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.dataset.figure);
      if (!source || element.dataset.drawnFrom === source.textContent.length + "") return;
      var figure = JSON.parse(source.textContent);
      Plotly.react(element, figure.data, figure.layout, CONFIG).then(function () {
        element.dataset.drawnFrom = source.textContent.length + "";
        // The container (role="img") carries the name; plotly's SVG and text stay out of the
        // accessibility tree.
        element.querySelectorAll(".svg-container").forEach(function (svg) {
          svg.setAttribute("aria-hidden", "true");
        });
        element.setAttribute("data-drawn", "true");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.body.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
