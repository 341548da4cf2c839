// Pre-send screening for every form where a member writes: any textarea marked data-composer
// and any field marked data-screen. Each field shows what it found in its own panel: an element
// marked data-screen-findings-for="<the field's name>" in the same form, else a form's single
// unnamed panel (data-screen-findings), else one made here, after the field. Panels are
// aria-live regions.
//
// As the member writes, the text goes to moderation's /api/screen/ and anything that could
// identify someone is marked, with a sentence in plain words for each kind ("This looks like a
// phone number. People could use it to find you."), so they can change it before sending.
// When they press Send before the words they changed were checked, the send waits for the
// check: if it finds something, the findings are shown and focused, and pressing Send again
// sends it as it is. It never changes what they typed, and a failed check never stops a send:
// without JavaScript, or when the check cannot answer, the server screens the words again on
// sending.
(function () {
  "use strict";
  if (!window.fetch || !window.Promise || !document.querySelectorAll) return;
  if (window.__screenAttached) return; // loaded twice on one page: attach once
  window.__screenAttached = true;

  var WAIT_MS = 1200; // after the last key, before checking
  var GIVE_UP_MS = 8000; // a check that has not answered by then lets the send go
  var FIELDS = "textarea[data-composer], [data-screen]";
  var HEADING =
    "Before you send: this could identify someone. You may want to change the marked words.";
  var AFTER =
    "You can change them, or send it as it is: a moderator will read it before anyone else can.";

  // One plain sentence per kind found; the label ("a phone number") comes from the server.
  var SPECIAL = {
    combination:
      "These details together could identify a family. You may want to leave one or two out.",
    off_platform:
      "This looks like an invitation to talk away from this site. For everyone's safety, " +
      "please keep talking here.",
  };

  function sentence(finding, action) {
    if (finding.category === "risk") {
      return (
        "It sounds like someone may be in danger. If it is happening now, call 999. " +
        "Help is also under \u201cNeed help now?\u201d at the top of the page."
      );
    }
    if (finding.category === "watched") {
      return action === "block"
        ? "This uses words this community doesn't allow. Please change them before you send."
        : "A moderator will look at the marked words before they are shown.";
    }
    if (finding.category !== "identifying") return "";
    if (SPECIAL[finding.kind]) return SPECIAL[finding.kind];
    return "This looks like " + (finding.label || "a detail") + ". People could use it to find you.";
  }

  function sentences(result) {
    var seen = {};
    var out = [];
    result.findings.forEach(function (finding) {
      var text = sentence(finding, result.action);
      if (text && !seen[text]) {
        seen[text] = true;
        out.push(text);
      }
    });
    return out;
  }

  function panelFor(box) {
    var form = box.form;
    var panel = form.querySelector('[data-screen-findings-for="' + box.name + '"]');
    if (panel) return panel;
    var shared = form.querySelectorAll("[data-screen-findings]:not([data-screen-findings-for])");
    if (shared.length === 1 && form.querySelectorAll(FIELDS).length === 1) return shared[0];
    panel = document.createElement("div");
    panel.className = "screen-findings";
    panel.setAttribute("data-screen-findings", "");
    panel.setAttribute("data-screen-findings-for", box.name);
    panel.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", panel);
    return panel;
  }

  function Field(box) {
    this.box = box;
    this.panel = panelFor(box);
    if (!this.panel.hasAttribute("tabindex")) this.panel.setAttribute("tabindex", "-1");
    this.checked = null; // the words the panel shows the findings of (null: none yet)
    this.found = false; // whether those words had findings
    this.asked = 0; // requests made; only the newest one's answer is shown
    this.timer = null;
  }

  // Show what the words' check found; whether there was anything to show.
  Field.prototype.show = function (result) {
    var panel = this.panel;
    panel.textContent = "";
    var reasons = result && result.findings ? sentences(result) : [];
    if (!reasons.length) return false; // nothing that could identify anyone
    var heading = document.createElement("p");
    heading.className = "screen-findings-heading";
    heading.textContent = HEADING;
    panel.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "screen-reasons";
    reasons.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    panel.appendChild(list);
    // Combinations: which sorts of detail together could identify the family (never the words
    // of what the member shared before).
    (result.messages || []).forEach(function (text) {
      var together = document.createElement("p");
      together.className = "screen-together";
      together.textContent = text;
      panel.appendChild(together);
    });
    var preview = document.createElement("div");
    preview.className = "screen-preview";
    preview.innerHTML = result.html; // escaped by the server; only <mark> is markup
    panel.appendChild(preview);
    var after = document.createElement("p");
    after.className = "screen-findings-after";
    after.textContent = panel.getAttribute("data-screen-after") || AFTER;
    panel.appendChild(after);
    return true;
  };

  // Check the field's words now. Resolves once the panel shows them (or the check failed).
  Field.prototype.check = function () {
    var field = this;
    var words = field.box.value;
    var asked = ++field.asked;
    window.clearTimeout(field.timer);
    var token = field.box.form.querySelector("[name=csrfmiddlewaretoken]");
    var asking = fetch("/api/screen/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify({ text: words }),
    }).then(function (response) { return response.ok ? response.json() : null; });
    var givingUp = new Promise(function (resolve) {
      window.setTimeout(function () { resolve(null); }, GIVE_UP_MS);
    });
    return Promise.race([asking, givingUp])
      .catch(function () { return null; })
      .then(function (result) {
        if (asked !== field.asked) return; // a newer check is on its way
        field.checked = words;
        // No answer (offline, too many checks): the server checks on sending.
        field.found = result ? field.show(result) : false;
      });
  };

  // Whether a send should wait for this field's check: words the member changed here and that
  // were not checked yet. Not for a field marked data-screen="as-typed" (one whose form cannot
  // wait, such as the page editor's, whose buttons lock as they are pressed): the server's
  // check on saving shows what it finds there.
  Field.prototype.waitsForCheck = function () {
    var value = this.box.value;
    if (this.box.getAttribute("data-screen") === "as-typed") return false;
    return this.checked !== value && value !== this.box.defaultValue;
  };

  function attachForm(form, boxes) {
    var fields = boxes.map(function (box) { return new Field(box); });
    var passing = false; // the check is done: let this send through
    var waiting = false; // a send is waiting for the check: further presses wait with it

    fields.forEach(function (field) {
      field.box.addEventListener("input", function () {
        window.clearTimeout(field.timer);
        field.timer = window.setTimeout(function () { field.check(); }, WAIT_MS);
      });
      if (field.box.value) field.check(); // a restored draft or a returned form: check at once
    });

    form.addEventListener("submit", function (event) {
      if (passing) {
        passing = false;
        return;
      }
      if (waiting) {
        event.preventDefault();
        return;
      }
      var stale = fields.filter(function (field) { return field.waitsForCheck(); });
      if (!stale.length) return; // the panels show the findings of these very words
      event.preventDefault();
      waiting = true;
      var submitter = event.submitter || null;
      Promise.all(stale.map(function (field) { return field.check(); })).then(function () {
        waiting = false;
        var found = stale.filter(function (field) { return field.found; });
        if (found.length) {
          found[0].panel.focus(); // shown before sending; pressing Send again sends it
          return;
        }
        passing = true;
        if (form.requestSubmit) form.requestSubmit(submitter);
        else form.submit();
      });
    });
  }

  var forms = [];
  var boxesOf = [];
  Array.prototype.forEach.call(document.querySelectorAll(FIELDS), function (box) {
    if (!box.form || !box.name) return;
    var at = forms.indexOf(box.form);
    if (at === -1) {
      forms.push(box.form);
      boxesOf.push([box]);
    } else {
      boxesOf[at].push(box);
    }
  });
  forms.forEach(function (form, i) { attachForm(form, boxesOf[i]); });
})();
