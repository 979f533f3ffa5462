// The handover form (R-TKT-12): another item row on demand, numbered for the server. Without it the form has three rows.
(function () {
  "use strict";
  var form = document.getElementById("handover-form");
  if (!form) { return; }
  var add = form.querySelector("[data-add-handover-row]");
  add.hidden = false;
  add.addEventListener("click", function () {
    var rows = form.querySelectorAll("[data-handover-row]");
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    var index = rows.length;
    copy.querySelectorAll("input").forEach(function (field) {
      field.value = "";
      field.name = field.name.replace(/items\[\d+\]/, "items[" + index + "]");
    });
    copy.querySelectorAll(".error").forEach(function (error) { error.parentNode.removeChild(error); });
    copy.querySelector("[data-row-number]").textContent = String(index + 1);
    last.parentNode.appendChild(copy);
    copy.querySelector("input").focus();
  });
})();
