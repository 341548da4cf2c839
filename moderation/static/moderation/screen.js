// Pre-send screening for any composer: a textarea marked data-composer (or any field marked
// data-screen), in a form that also holds an element marked data-screen-findings (or
// data-screen-findings-for="<the field's name>", for forms with several fields to check).
// As the member writes, the text goes to
// moderation's /api/screen/ and anything that could identify someone is shown marked, so they
// can change it before sending. It never changes what they typed; without JavaScript the
// server does the same check when they send.
(function () {
  "use strict";
  if (!window.fetch || !document.querySelectorAll) return;
  var WAIT_MS = 1200;

  function attach(box) {
    var form = box.form;
    if (!form) return;
    var panel =
      form.querySelector('[data-screen-findings-for="' + box.name + '"]') ||
      form.querySelector("[data-screen-findings]");
    if (!panel) return;
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var timer = null;

    function show(result) {
      panel.textContent = "";
      if (!result.findings || !result.findings.length) return;
      var heading = document.createElement("p");
      heading.textContent =
        "Before you send: this could identify someone. You may want to change the marked words.";
      var preview = document.createElement("div");
      preview.className = "screen-preview";
      preview.innerHTML = result.html; // escaped by the server; only <mark> is markup
      panel.appendChild(heading);
      panel.appendChild(preview);
    }

    function check() {
      fetch("/api/screen/", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
        body: JSON.stringify({ text: box.value }),
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (result) { if (result) show(result); })
        .catch(function () {});
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, WAIT_MS);
    });
    if (box.value) check(); // a restored draft is checked straight away
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("textarea[data-composer], [data-screen]"),
    attach
  );
})();
