// Drafts: what a member writes in a composer is kept server-side as they type, so a quick exit,
// a closed tab or a lost connection loses nothing. Coming back, the server puts the draft into
// the form (without JavaScript too: failed sends are kept by the server). This script only saves.
//
// A form takes part through an element inside it (or the form itself) carrying
// data-draft-slot="reply:thread:42" and data-draft-fields="body content_note"; that element
// also shows how saving is going. The CSRF token comes from the form's own hidden input.
(function () {
  "use strict";
  if (!window.fetch || !window.JSON || !document.querySelectorAll) return;

  var SAVE_AFTER_MS = 3000;
  // Browsers refuse keepalive bodies over 64 KiB (all in flight together); past that, a plain
  // request is the best a leaving page can do, and the last save while typing still stands.
  var KEEPALIVE_MAX_BYTES = 60000;
  var SAVED = "Draft saved.";
  var NOT_SAVED = "We couldn't save a draft just now. Your words are still here.";

  function byteLength(text) {
    return window.TextEncoder ? new TextEncoder().encode(text).length : text.length * 3;
  }

  function keep(marker) {
    var form = marker.tagName === "FORM" ? marker : marker.closest("form");
    if (!form) return null;
    var slot = marker.getAttribute("data-draft-slot");
    var names = (marker.getAttribute("data-draft-fields") || "").split(/\s+/).filter(Boolean);
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var url = "/api/drafts/" + encodeURIComponent(slot) + "/";
    var status = marker.tagName === "FORM" ? null : marker;

    function snapshot() {
      var fields = {};
      names.forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && typeof field.value === "string") fields[name] = field.value;
      });
      return JSON.stringify({ fields: fields });
    }

    // What the server holds as far as we know: on arrival, what the page was given (a restored
    // draft, a failed send the server kept, an empty box or the post being changed).
    var saved = snapshot();
    var inFlight = null;      // the body of the one ordinary save under way
    var leftWith = null;      // the body of the last save sent with keepalive
    var refused = null;       // a body the server refused (too long...): not sent again
    var submitting = false;   // the form is being sent: the server keeps or clears the draft
    var timer = null;

    function say(text) {
      if (!status || status.textContent === text) return;
      status.textContent = text;
      status.hidden = false;
    }

    function send(body, keepalive) {
      var options = {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
        body: body,
      };
      if (keepalive) options.keepalive = true;
      return fetch(url, options).then(function (response) {
        if (response.ok) {
          saved = body;
          say(SAVED);
          return;
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          refused = body;
          return response.json().then(
            function (answer) { say((answer && answer.error) || NOT_SAVED); },
            function () { say(NOT_SAVED); }
          );
        }
        throw new Error("not saved");
      });
    }

    function schedule() {
      if (timer === null) timer = window.setTimeout(tick, SAVE_AFTER_MS);
    }

    // While typing: at most one save every few seconds, one at a time, only when changed.
    function tick() {
      timer = null;
      if (submitting) return;
      if (inFlight !== null) { schedule(); return; }
      var body = snapshot();
      if (body === saved || body === refused) return;
      inFlight = body;
      send(body, false)
        .catch(function () { say(NOT_SAVED); schedule(); })
        .then(function () { inFlight = null; });
    }

    // Leaving (quick exit, tab hidden, page going): send now, in a request that outlives the
    // page. Never waited for: quick exit must stay instant.
    function leave() {
      if (submitting) return;
      window.clearTimeout(timer);
      timer = null;
      var body = snapshot();
      if (body === saved || body === leftWith || body === refused) return;
      leftWith = body;
      try {
        send(body, byteLength(body) < KEEPALIVE_MAX_BYTES).catch(function () { leftWith = null; });
      } catch (e) { leftWith = null; }
    }

    form.addEventListener("input", schedule);
    form.addEventListener("submit", function (event) {
      submitting = true;
      window.clearTimeout(timer);
      timer = null;
      // Another script may have stopped the send: then keep saving. quick-exit.js stops the
      // browser's own send only to send the form itself (it marks the form "data-sending").
      window.setTimeout(function () {
        if (event.defaultPrevented && !form.hasAttribute("data-sending")) submitting = false;
      }, 0);
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) submitting = false;  // back here from the history: typing again
    });
    return leave;
  }

  var leavers = [];
  Array.prototype.forEach.call(document.querySelectorAll("[data-draft-slot]"), function (marker) {
    var leave = keep(marker);
    if (leave) leavers.push(leave);
  });
  if (!leavers.length) return;

  function leaveAll() { leavers.forEach(function (leave) { leave(); }); }

  // quick-exit.js announces the exit just before it navigates away.
  document.addEventListener("quickexit", leaveAll);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") leaveAll();
  });
  window.addEventListener("pagehide", leaveAll);
})();
