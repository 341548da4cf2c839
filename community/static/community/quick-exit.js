// Quick exit: leave at once, leave nothing on screen, and leave the visit out of the history.
// Without JavaScript the control is a plain link to the same neutral site, and the site's pages
// and forms work as plain links and forms (each then adds a history entry, as any site does).
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

  // --- One history entry for the whole visit ------------------------------------------------
  // Every page reached inside the site replaces the entry it came from instead of adding one,
  // so the visit is a single entry, and the quick exit replaces that one too: Back then goes
  // to wherever the visitor was before the site, never to a page of it. (Earlier history and
  // other tabs are out of reach of any page: the "cover your tracks" page says so.)

  function sameSite(url) {
    return url.origin === window.location.origin;
  }

  function keepsItsOwnEntry(element) {
    // Downloads, new tabs, and anything marked to keep the browser's own behaviour.
    return element.hasAttribute("download") || element.hasAttribute("data-history-keep") ||
      (element.target && element.target !== "_self");
  }

  document.addEventListener("click", function (event) {
    var exit = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (exit) {
      event.preventDefault();
      leave(exit.getAttribute("href"));
      return;
    }
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || keepsItsOwnEntry(link)) return;
    var url = new URL(link.href, window.location.href);
    if (!sameSite(url)) return;
    event.preventDefault();
    window.location.replace(url.href);
  });

  function download(response) {
    var disposition = response.headers.get("Content-Disposition") || "";
    var named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return response.blob().then(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = named ? decodeURIComponent(named[1]) : "download";
      link.setAttribute("data-history-keep", "");
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
    });
  }

  function show(response) {
    // A page that answers the form itself (a form with errors, a confirmation): it takes this
    // entry's place, under its own address, and its scripts run as on any page.
    return response.text().then(function (html) {
      try {
        window.dispatchEvent(new CustomEvent("sitepagereplaced"));
      } catch (e) { /* the page matters more */ }
      window.history.replaceState(null, "", response.url);
      document.open();
      document.write(html);
      document.close();
    });
  }

  // Listening on the window lets every other handler (the guard's pre-send check, drafts) see
  // the submit first; a send they stopped is left alone.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || keepsItsOwnEntry(form) ||
        form.hasAttribute("data-quick-exit") || !window.fetch || !window.FormData) return;
    var action = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    if (!sameSite(action)) return;
    var method = (form.getAttribute("method") || "get").toLowerCase();
    var data;
    try {
      data = new FormData(form, event.submitter || undefined);
    } catch (e) {
      data = new FormData(form);
      if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    }
    event.preventDefault();
    // drafts.js reads this: the words are being sent, so it must not save them again as a draft.
    form.setAttribute("data-sending", "");
    if (method === "get") {
      action.search = new URLSearchParams(data).toString();
      window.location.replace(action.href);
      return;
    }
    var buttons = form.querySelectorAll("button, input[type=submit]");
    buttons.forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
    fetch(action.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      // The server answers a redirect as a place to go (community/site/history.py), so the page
      // it leads to is loaded once, by the browser, with its one-time messages and its #anchor.
      headers: { "X-Site-History": "replace" },
      redirect: "follow"
    })
      .then(function (response) {
        var goTo = response.headers.get("X-Site-Location");
        if (goTo) {
          window.location.replace(new URL(goTo, action.href).href);
          return null;
        }
        if (response.redirected) {
          window.location.replace(response.url);
          return null;
        }
        var type = response.headers.get("Content-Type") || "";
        return type.indexOf("text/html") === 0 ? show(response) : download(response);
      })
      .catch(function () {
        // The network failed before an answer: send the plain way, so nothing is lost (a re-sent
        // post is recognised by its send key and saved once).
        buttons.forEach(function (button) { button.removeAttribute("aria-disabled"); });
        HTMLFormElement.prototype.submit.call(form);
      })
      .then(function () {
        buttons.forEach(function (button) { button.removeAttribute("aria-disabled"); });
      });
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
