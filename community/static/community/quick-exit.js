// Quick exit: leave at once, and leave nothing on screen.
// Without JavaScript the control is a plain link to the same neutral site.
(function () {
  "use strict";
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 1500;

  function leave(url) {
    // Hide first: the page must vanish even if the next site is slow to load.
    document.documentElement.classList.add("leaving");
    document.title = "";
    // Tell the page we are going (drafts.js starts a last save that outlives the page). The
    // listeners run now and never hold us up: nothing here waits for them to finish.
    try {
      document.dispatchEvent(new CustomEvent("quickexit"));
    } catch (e) { /* leaving matters more */ }
    // replace() swaps this entry out of the history, so Back does not return here.
    window.location.replace(url);
  }

  function exitUrl() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.getAttribute("href") : "about:blank";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (!link) return;
    event.preventDefault();
    leave(link.getAttribute("href"));
  });

  var presses = [];
  document.addEventListener("keydown", function (event) {
    // Only three Shift presses in a row count: typing capitals in a form must never leave.
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    if (event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < SHIFT_WINDOW_MS; });
    presses.push(now);
    if (presses.length >= SHIFT_PRESSES) {
      presses = [];
      leave(exitUrl());
    }
  });

  // A page restored from the back-forward cache would show the site again: leave again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.documentElement.classList.contains("leaving")) {
      leave(exitUrl());
    }
  });
})();
