// After each htmx swap: say what changed (the page's live region, #announcer) and keep keyboard
// focus somewhere sensible. The swapped-in content marks both itself:
// - [data-announce]: its text is announced (e.g. "12 authorities");
// - [data-focus-after-swap]: focus goes here when the focused element was swapped away (a link
//   that removed itself, say); a focused element that survives, or comes back with the same id,
//   keeps the focus.
(function () {
  "use strict";

  var announcer = document.getElementById("announcer");
  var focusedId = null;

  function announce(root) {
    var source = root.querySelector("[data-announce]") ||
      (root.matches && root.matches("[data-announce]") ? root : null);
    if (!announcer || !source) return;
    var text = source.textContent.replace(/\s+/g, " ").trim();
    // Emptied first, so the same words twice in a row are still read out.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function refocus(root) {
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var again = focusedId && document.getElementById(focusedId);
    var next = again || root.querySelector("[data-focus-after-swap]");
    if (next) next.focus({ preventScroll: false });
  }

  document.body.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    focusedId = active && active.id ? active.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.target || document.body;
    if (!document.contains(root)) root = document.body;
    announce(root);
    refocus(root);
  });
})();
