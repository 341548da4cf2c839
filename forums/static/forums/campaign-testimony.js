// The testimony form asks moderation's screening about each answer in words before it is sent,
// so the member can take out anything that could identify someone. It never changes what they
// typed, and the form is sent the same way with or without this script.
(function () {
  "use strict";
  if (!window.fetch || !document.querySelectorAll) return;
  var HEADING = "Before you send: this could identify someone. You may want to change the marked words.";

  function watch(box) {
    var form = box.form;
    var panel = form && form.querySelector('[data-screen-findings-for="' + box.name + '"]');
    if (!panel) return;
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var timer = null;

    function show(result) {
      panel.textContent = "";
      if (!result.findings || !result.findings.length) return;
      var heading = document.createElement("p");
      heading.textContent = HEADING;
      var preview = document.createElement("div");
      preview.className = "screen-preview";
      preview.innerHTML = result.html;  // escaped by the server; only <mark> is markup
      panel.appendChild(heading);
      panel.appendChild(preview);
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        fetch("/api/screen/", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
          body: JSON.stringify({ text: box.value }),
        })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (result) { if (result) show(result); })
          .catch(function () {});
      }, 1200);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-screen]"), watch);
})();
