// Draws every server-built Plotly figure on the page: an element with data-figure="ID" is drawn
// from the JSON in <script type="application/json" id="ID"> (Django's json_script). Runs again
// after each htmx swap, so charts in swapped-in content are drawn too.
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
  };

  function draw(root) {
    if (typeof Plotly === "undefined") return;
    root.querySelectorAll("[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.dataset.figure);
      if (!source || element.dataset.drawnFrom === source.textContent.length + "") return;
      var figure = JSON.parse(source.textContent);
      Plotly.react(element, figure.data, figure.layout, CONFIG).then(function () {
        element.dataset.drawnFrom = source.textContent.length + "";
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
