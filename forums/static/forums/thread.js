// A thread, live: new replies, edits and removals appear without reloading, over the one
// /ws/ socket (opened and reconnected by community/live-socket.js). Missed events come from the
// database, on reconnect ("since") and, for any event lost on the way, at the socket's next
// heartbeat (the server's doing); each event id is applied once. The reply box is never touched
// (typing only notes that a key was pressed, never what). Also "N members reading" (a count that includes this reader) and,
// from members who chose to share it, "Someone is replying". Without JavaScript, reload.
(function () {
  "use strict";
  var posts = document.querySelector("[data-thread]");
  if (!posts || !window.WebSocket || !window.LiveSocket) return;
  var threadId = posts.getAttribute("data-thread");
  var topic = "thread:" + threadId;
  var initialEvent = parseInt(posts.getAttribute("data-last-event") || "0", 10);
  var lastEvent = initialEvent;
  var livePage = posts.getAttribute("data-live-page") === "1";
  var status = document.querySelector("[data-live-status]");
  var readers = document.querySelector("[data-live-readers]");
  var replying = document.querySelector("[data-live-typing]");
  var shareBox = document.querySelector("[data-share-typing]");
  var composer = document.querySelector("[data-composer]");
  var live = null;
  // The server relays one "typing" per socket every 3 s at most; a little slower here.
  var TYPING_EVERY_MS = 3200;
  // "Someone is replying" goes away this long after the last sign of typing.
  var TYPING_SHOWN_MS = 7000;
  var lastTypingSent = 0;
  var typingTimer = null;

  function say(text) { if (status) status.textContent = text; }

  function showReaders(count) {
    if (!readers || typeof count !== "number") return;
    readers.textContent = count === 1 ? "1 member reading" : count + " members reading";
    readers.hidden = false;
  }

  function showReplying(on) {
    if (!replying) return;
    window.clearTimeout(typingTimer);
    replying.hidden = !on;
    if (on) typingTimer = window.setTimeout(function () { replying.hidden = true; }, TYPING_SHOWN_MS);
  }

  function send(frame) {
    if (live) live.send(frame);
  }

  if (shareBox) {
    var shareInput = shareBox.querySelector("input[type=checkbox]");
    shareInput.addEventListener("change", function () {
      send({ action: "share-typing", share: shareInput.checked });
    });
    if (composer) {
      composer.addEventListener("input", function () {
        if (!shareInput.checked) return;
        var now = Date.now();
        if (now - lastTypingSent < TYPING_EVERY_MS) return;
        lastTypingSent = now;
        send({ action: "typing", topic: topic });
      });
    }
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  var applied = {};
  function apply(frame) {
    if (typeof frame.id === "number") {
      // Events can arrive out of id order (two replies committed at once): remember each.
      if (frame.id <= initialEvent || applied[frame.id]) return;
      applied[frame.id] = true;
      lastEvent = Math.max(lastEvent, frame.id);
    }
    var data = frame.data || {};
    if (frame.event === "published") showReplying(false);
    var existing = document.getElementById("post-" + data.post);
    if (frame.event === "hidden") {
      if (existing) existing.remove();
      return;
    }
    if (!data.html) return;
    var incoming = fragment(data.html);
    if (existing) {
      existing.replaceWith(incoming);
    } else if (livePage) {
      incoming.classList.add("post--new");
      posts.appendChild(incoming);
      say("A new reply has arrived.");
    } else {
      say("There are new replies on the last page.");
    }
  }

  function quiet() {
    if (readers) readers.hidden = true;
    showReplying(false);
  }

  live = window.LiveSocket.open({
    onOpen: function () {
      send({ action: "subscribe", topic: topic, since: lastEvent, presence: true });
    },
    onFrame: function (frame) {
      if (frame.type === "preferences" && shareBox) {
        shareBox.querySelector("input[type=checkbox]").checked = frame.share_typing === true;
        shareBox.hidden = false;
        return;
      }
      if (frame.topic !== topic) return;
      if (frame.type === "subscribed") say("Live: new replies appear here.");
      else if (frame.type === "refused") { say(""); quiet(); live.stop(); }  // reloading shows why
      else if (frame.type === "event") apply(frame);
      else if (frame.type === "presence") showReaders(frame.reading);
      else if (frame.type === "typing") showReplying(true);
    },
    onPaused: function () {
      quiet();
      say("Live updates are paused; reconnecting…");
    },
    onStopped: function (text) {
      quiet();
      say(text);
    }
  });
})();
