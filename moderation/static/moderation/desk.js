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
  if (!desk || !window.WebSocket) return;
  var rows = desk.querySelector("[data-desk-rows]");
  var status = desk.querySelector("[data-live-status]");
  var delay = 1000;

  function refresh() {
    fetch(desk.getAttribute("data-fragment-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        rows.innerHTML = html;
        status.textContent = "The queue updated just now.";
      })
      .catch(function () { status.textContent = "Couldn't refresh the queue; reload the page."; });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/");
    socket.addEventListener("open", function () {
      delay = 1000;
      socket.send(JSON.stringify({ action: "subscribe", topic: "moderation-desk" }));
    });
    socket.addEventListener("message", function (message) {
      var frame = JSON.parse(message.data);
      if (frame.type === "subscribed") {
        status.textContent = "Live: new items and claims appear here.";
        refresh();  // catch up on anything that happened while connecting
      } else if (frame.type === "event" && frame.topic === "moderation-desk") {
        refresh();
      }
    });
    socket.addEventListener("close", function () {
      status.textContent = "Live updates paused; reconnecting…";
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
