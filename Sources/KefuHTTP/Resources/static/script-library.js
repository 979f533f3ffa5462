// The script library (R-QA-1): filter phrases as you type, copy one, and insert one into a reply box from the picker
// (scripts/picker.mustache). Pages work without it: the search is a GET form.
(function () {
  "use strict";
  function normalise(text) { return (text || "").toLowerCase().trim(); }
  // The searchable text of a phrase: its title and body, as the server search reads them.
  function textOf(item) {
    var body = item.querySelector("[data-script-body]");
    var title = item.querySelector("[data-script-title]");
    return normalise((body ? body.getAttribute("data-script-body") || body.textContent : "") + " " +
      (body ? body.getAttribute("title") || "" : "") + " " + (title ? title.textContent : ""));
  }
  // Shows the phrases of `scope` containing `query`; hides groups left empty; says so when nothing is left.
  function filter(scope, query) {
    var wanted = normalise(query), shown = 0;
    scope.querySelectorAll("[data-script-group]").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("[data-script]").forEach(function (item) {
        item.hidden = wanted !== "" && textOf(item).indexOf(wanted) < 0;
        if (!item.hidden) { visible += 1; }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    var none = scope.querySelector("[data-script-none]");
    if (none) { none.hidden = shown > 0; }
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
      document.body.removeChild(area);
      if (copied) { resolve(); } else { reject(); }
    });
  }

  // The library page: filter as you type; a new situation reloads the page with it.
  var search = document.querySelector("[data-script-filter]");
  if (search) {
    var page = document.querySelector("main");
    search.addEventListener("input", function () { filter(page, search.value); });
    var situation = document.querySelector("[data-script-situation]");
    if (situation) { situation.addEventListener("change", function () { situation.form.submit(); }); }
  }
  document.querySelectorAll("[data-copy-script]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var body = button.closest("[data-script]").querySelector("[data-script-body]");
      var label = button.textContent;
      copy(body.textContent).then(function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 1500);
      }).catch(function () { window.getSelection().selectAllChildren(body); });
    });
  });

  // The picker: a phrase goes into the reply box named by data-script-target, at the cursor (else to the clipboard).
  document.querySelectorAll("[data-script-picker]").forEach(function (picker) {
    function insert(text) {
      var holder = picker.closest("[data-script-target]");
      var selector = holder ? holder.getAttribute("data-script-target") : null;
      var box = selector ? document.querySelector(selector) : null;
      if (!box) { copy(text); return; }
      box.focus();
      box.setRangeText(text, box.selectionStart, box.selectionEnd, "end");
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    picker.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-script-body]");
      if (button && picker.contains(button)) { insert(button.getAttribute("data-script-body")); }
    });
    var input = picker.querySelector("[data-script-picker-filter]");
    if (!input) { return; }
    input.addEventListener("input", function () { filter(picker, input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var first = Array.prototype.find.call(picker.querySelectorAll("[data-script]"), function (item) { return !item.hidden && !item.closest("[hidden]"); });
      if (first) { insert(first.querySelector("[data-script-body]").getAttribute("data-script-body")); }
    });
  });
})();
