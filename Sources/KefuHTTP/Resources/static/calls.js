// The call-log form: shows the fields of "open a new ticket" or "an existing ticket", offers the caller's open
// tickets when the phone number is typed (the list is drawn by the server), and a picked one fills the number.
(function () {
  "use strict";
  var form = document.querySelector("form[data-call-form]");
  if (!form) { return; }
  var newPart = form.querySelector("[data-call-new]");
  var existingPart = form.querySelector("[data-call-existing]");
  var number = form.querySelector("[data-call-number]");
  var phone = form.querySelector("[data-call-phone]");
  var list = form.querySelector("[data-call-suggestions]");
  function target() {
    var checked = form.querySelector("[data-call-target]:checked");
    return checked ? checked.value : "new";
  }
  function show() {
    var existing = target() === "existing";
    newPart.hidden = existing;
    existingPart.hidden = !existing;
  }
  function choose(value) {
    form.querySelector('[data-call-target][value="existing"]').checked = true;
    number.value = value;
    show();
  }
  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-call-target]")) { show(); }
    if (event.target.matches("[data-call-pick]")) { choose(event.target.value); }
  });
  var timer = null, asked = "";
  function suggest() {
    var value = phone.value.trim();
    if (value === asked || value.replace(/\D/g, "").length < 5) { return; }
    asked = value;
    fetch(form.getAttribute("data-suggestions") + "?phone=" + encodeURIComponent(value), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (phone.value.trim() !== value) { return; }
        list.innerHTML = html;
        // The caller has open tickets: the call is most likely about one of them.
        if (list.querySelector("[data-call-pick]") && !number.value) {
          form.querySelector('[data-call-target][value="existing"]').checked = true;
          show();
        }
      })
      .catch(function () { /* no suggestions; the number can still be typed */ });
  }
  phone.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 400); });
  phone.addEventListener("change", suggest);
  show();
})();
