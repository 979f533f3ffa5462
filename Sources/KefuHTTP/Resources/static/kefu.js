// Kefu's little bit of JavaScript: keyboard shortcuts and confirmations. Pages work without it.
(function () {
  "use strict";
  var overlay = function () { return document.getElementById("shortcuts"); };
  function typing(event) {
    var t = event.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function show(open) { var o = overlay(); if (o) { o.hidden = !open; } }
  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { show(false); pendingG = false; return; }
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "?") { show(true); event.preventDefault(); return; }
    if (event.key === "/") {
      var search = document.querySelector("[data-search]");
      if (search) { search.focus(); event.preventDefault(); }
      return;
    }
    if (pendingG) {
      pendingG = false;
      var link = document.querySelector('.areas a[data-shortcut="' + event.key + '"]');
      if (link) { window.location.href = link.getAttribute("href"); }
      return;
    }
    if (event.key === "g") { pendingG = true; setTimeout(function () { pendingG = false; }, 1500); }
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-open-shortcuts]")) { show(true); }
    if (target.closest("[data-close-shortcuts]") || target === overlay()) { show(false); }
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
