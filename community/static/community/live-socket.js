// The one live socket of a tab (/ws/), shared by the pages that use it (forums/thread.js,
// moderation/desk.js): it opens the socket, hands each frame to the page, and when the socket
// closes, reconnects.
//
// Reconnecting waits 1 s, then twice as long each time up to 30 s, with some randomness, so a
// thousand tabs whose server went away do not all knock at once. While it waits it asks
// /ws/health/ every few seconds whether a socket can be served; once the answer is yes it starts
// again from the shortest wait, so tabs are live within seconds of Redis or a Daphne process
// coming back (the page catches up by the last event id it saw, on its next "subscribe").
// The wait only resets for good once the server has answered on the new socket: a socket that
// opens and is closed at once (4013, "try again later") keeps backing off.
//
// An open socket needs nothing from here to stay complete: the server's heartbeat for each socket
// sends any event the live news lost (Redis away, a dropped message), read from the database
// past the last event id it sent (community/live/consumers.py).
//
// Close codes: 4004 (the session ended or went unused) reloads the page, which then shows the
// sign-in page; 4008 (too many tabs open) stops and says so. A socket refused at the handshake
// while the server says it is healthy (signed out, for instance) is tried three times, then
// live updates stop with a note to reload. Without JavaScript, or this file, pages still work.
(function () {
  "use strict";
  var FIRST_WAIT_MS = 1000;
  var LONGEST_WAIT_MS = 30000;
  var HEALTH_EVERY_MS = 2500;
  var REFUSED_WHILE_HEALTHY = 3;
  var TOO_MANY = "Live updates are off in this tab because many tabs are open. Close some, then reload this page.";
  var OFF = "Live updates are off in this tab. Reload the page to see anything new.";

  function open(options) {
    var healthUrl = options.healthUrl || "/ws/health/";
    var socket = null;
    var wait = FIRST_WAIT_MS;
    var timer = null;
    var healthTimer = null;
    var stopped = false;
    var refusedWhileHealthy = 0;
    var afterHealthy = false;
    var heard = false;

    function tell(name, argument) {
      if (typeof options[name] === "function") options[name](argument);
    }

    function connect() {
      window.clearTimeout(timer);
      window.clearTimeout(healthTimer);
      if (stopped || socket) return;
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var current = new WebSocket(scheme + window.location.host + "/ws/");
      socket = current;
      heard = false;
      current.addEventListener("open", function () { tell("onOpen"); });
      current.addEventListener("message", function (message) {
        if (!heard) {
          // The server answered on this socket: it works, so the next outage starts afresh.
          heard = true;
          wait = FIRST_WAIT_MS;
          refusedWhileHealthy = 0;
        }
        var frame;
        try { frame = JSON.parse(message.data); } catch (e) { return; }
        tell("onFrame", frame);
      });
      current.addEventListener("close", function (event) {
        if (socket !== current) return;
        socket = null;
        var wasHeard = heard;
        var tried = afterHealthy;
        afterHealthy = false;
        if (stopped) return;
        if (event.code === 4004) { window.location.reload(); return; }
        if (event.code === 4008) { stop(TOO_MANY); return; }
        if (!wasHeard && tried && event.code !== 4013) {
          refusedWhileHealthy += 1;
          if (refusedWhileHealthy >= REFUSED_WHILE_HEALTHY) { stop(OFF); return; }
        }
        tell("onPaused", event);
        later();
      });
    }

    function later() {
      timer = window.setTimeout(connect, wait + Math.floor(Math.random() * 500));
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
      askHealth();
    }

    function askHealth() {
      window.clearTimeout(healthTimer);
      healthTimer = window.setTimeout(function () {
        if (stopped || socket) return;
        fetch(healthUrl, { cache: "no-store", credentials: "omit" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (stopped || socket) return;
            if (answer && answer.live === "ok") {
              // Healthy again: reconnect now (spread over a second), from the shortest wait.
              window.clearTimeout(timer);
              wait = FIRST_WAIT_MS;
              afterHealthy = true;
              timer = window.setTimeout(connect, Math.floor(Math.random() * 1000));
            } else {
              askHealth();
            }
          }, function () { if (!stopped && !socket) askHealth(); });
      }, HEALTH_EVERY_MS);
    }

    function stop(text) {
      stopped = true;
      window.clearTimeout(timer);
      window.clearTimeout(healthTimer);
      if (socket) { var current = socket; socket = null; current.close(); }
      if (text) tell("onStopped", text);
    }

    // quick-exit.js writes a form's answer into this page when it cannot load it by address:
    // this page's socket must go with the page it served, or it would live on beside the new one.
    if (window.addEventListener) window.addEventListener("sitepagereplaced", function () { stop(""); });

    connect();
    return {
      send: function (frame) {
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
      },
      // The page needs no more updates (its subscription was refused, say): no reconnecting.
      stop: function () { stop(""); }
    };
  }

  window.LiveSocket = { open: open };
})();
