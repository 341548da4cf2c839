// Posts that arrive live (thread.js) are rendered once for everyone, so this fits them to the
// member reading: a replaced post keeps the member's own reaction buttons, a new post's
// reaction forms get this page's CSRF token (or lose their buttons on the member's own
// post), and posts that use the member's muted words are folded away as on the page.
// Without JavaScript none of this is needed: the page is rendered for the member.
(function () {
  "use strict";
  var posts = document.querySelector("[data-thread]");
  if (!posts || !window.MutationObserver) return;
  var viewer = posts.getAttribute("data-viewer") || "";
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var muted = null;
  var wordsScript = document.getElementById("muted-words");
  if (wordsScript) {
    try {
      var words = JSON.parse(wordsScript.textContent) || [];
      if (words.length) {
        var escaped = words
          .map(function (word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); })
          .sort(function (a, b) { return b.length - a.length; });
        // Whole words only, like the server: no letter, digit or underscore either side.
        muted = new RegExp("(?<![\\p{L}\\p{N}_])(?:" + escaped.join("|") + ")(?![\\p{L}\\p{N}_])", "u");
      }
    } catch (e) { muted = null; }
  }

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");
  }

  function foldAway(article) {
    var parts = article.querySelectorAll(".post-quote, .post-body, .content-note");
    var text = "";
    parts.forEach(function (part) { text += " " + part.textContent; });
    if (!muted || !muted.test(fold(text))) return;
    var details = document.createElement("details");
    details.className = "muted-post";
    var summary = document.createElement("summary");
    summary.textContent = "Hidden by your muted words — show";
    details.appendChild(summary);
    var first = article.querySelector(".post-quote, .content-note, .post-body");
    if (!first) return;
    first.parentNode.insertBefore(details, first);
    parts.forEach(function (part) {
      if (!part.closest(".content-note") || part.classList.contains("content-note")) details.appendChild(part);
    });
  }

  function fitReactions(article, replaced) {
    var fresh = article.querySelector("[data-reactions]");
    var kept = replaced && replaced.querySelector("[data-reactions]");
    if (fresh && kept) { fresh.replaceWith(kept); return; }
    if (!fresh) return;
    if (article.getAttribute("data-author") === viewer) {
      fresh.querySelectorAll("form").forEach(function (form) {
        var span = document.createElement("span");
        span.className = "reaction";
        var button = form.querySelector("button");
        while (button && button.firstChild) span.appendChild(button.firstChild);
        form.replaceWith(span);
      });
      return;
    }
    if (!tokenInput) return;
    fresh.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("input[name=csrfmiddlewaretoken]")) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "csrfmiddlewaretoken";
      input.value = tokenInput.value;
      form.appendChild(input);
    });
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      var removed = {};
      record.removedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.id) removed[node.id] = node;
      });
      record.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1 || !node.matches("article.post")) return;
        foldAway(node);
        fitReactions(node, removed[node.id]);
      });
    });
  }).observe(posts, { childList: true });
})();
