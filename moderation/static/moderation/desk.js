// The moderation desk: live queue updates over the one /ws/ socket, and keyboard shortcuts.
// The page works without this file; it only saves moderators a reload and some clicks.
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // a: approve, r: reject, n: next item.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var control = document.querySelector('[data-shortcut="' + event.key + '"]');
    if (!control) return;
    event.preventDefault();
    control.click();
  });

  var desk = document.querySelector("[data-desk]");
  if (!desk || !window.WebSocket || !window.LiveSocket) return;
  var rows = desk.querySelector("[data-desk-rows]");
  var status = desk.querySelector("[data-live-status]");

  function refresh() {
    fetch(desk.getAttribute("data-fragment-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        rows.innerHTML = html;
        status.textContent = "The queue updated just now.";
      })
      .catch(function () { status.textContent = "Couldn't refresh the queue; reload the page."; });
  }

  // Opened and reconnected by community/live-socket.js.
  var live = window.LiveSocket.open({
    onOpen: function () {
      live.send({ action: "subscribe", topic: "moderation-desk" });
    },
    onFrame: function (frame) {
      if (frame.type === "subscribed") {
        status.textContent = "Live: new items and claims appear here.";
        refresh();  // catch up on anything that happened while connecting
      } else if (frame.type === "event" && frame.topic === "moderation-desk") {
        refresh();
      }
    },
    onPaused: function () {
      status.textContent = "Live updates paused; reconnecting…";
    },
    onStopped: function (text) {
      status.textContent = text;
    }
  });
})();
