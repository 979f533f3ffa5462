// The callback page (R-MEM-4): "show full number" asks the members API to reveal the member's contacts (one access
// event) and puts the first phone in place, so the agent can dial without leaving the call. Without it, the form
// opens the member's page with the contacts revealed.
(function () {
  "use strict";
  var form = document.querySelector("[data-reveal-member]");
  var phone = document.querySelector("[data-callback-phone]");
  if (!form || !phone || !window.fetch) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = form.querySelector("input[name=_csrf]").value;
    fetch("/api/v1/members/" + form.getAttribute("data-reveal-member") + "/reveal", {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": token, "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (member) {
      var phones = member.phones || [];
      if (phones.length > 0) { phone.textContent = phones[0]; }
      form.hidden = true;
    }).catch(function () { form.submit(); });
  });
})();
