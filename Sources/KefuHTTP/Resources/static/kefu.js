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
// Order entry: running total, catalogue names and prices, and the read-back summary (R-ORD-3).
(function () {
  "use strict";
  var form = document.getElementById("order-entry");
  if (!form) { return; }
  var catalogue = {};
  document.querySelectorAll("#products option").forEach(function (option) {
    catalogue[option.value] = { name: option.getAttribute("data-name"), price: parseInt(option.getAttribute("data-price"), 10) };
  });
  function yuan(fen) { return "¥" + (fen / 100).toFixed(2); }
  function field(name) { var input = form.querySelector('[name="' + name + '"]'); return input ? input.value.trim() : ""; }
  function update() {
    var total = 0, lines = [];
    form.querySelectorAll("[data-item]").forEach(function (row) {
      var sku = row.querySelector("[data-sku]").value.trim();
      var quantity = parseInt(row.querySelector("[data-quantity]").value, 10) || 0;
      var typed = row.querySelector("[data-price]").value.trim();
      var product = catalogue[sku];
      var price = typed !== "" ? Math.round(parseFloat(typed) * 100) : (product ? product.price : 0);
      row.querySelector("[data-name]").textContent = product ? product.name : "";
      var amount = quantity * (isNaN(price) ? 0 : price);
      row.querySelector("[data-amount]").textContent = sku ? yuan(amount) : "";
      if (sku && quantity) { lines.push((product ? product.name : sku) + "（" + sku + "）× " + quantity + " @ " + yuan(price) + " = " + yuan(amount)); }
      total += amount;
    });
    form.querySelector("[data-total]").textContent = yuan(total);
    var summary = lines.join("\n") + (lines.length ? "\n" : "") + "= " + yuan(total) + "\n" +
      [field("province"), field("city"), field("district"), field("line")].join("") + "\n" +
      field("recipient") + " " + field("address_phone") + "\n" +
      field("customer_name") + " " + field("customer_phone");
    form.querySelector("[data-readback-summary]").textContent = summary;
  }
  form.addEventListener("input", update);
  form.querySelector("[data-add-item]").addEventListener("click", function () {
    var rows = form.querySelectorAll("[data-item]");
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    var index = rows.length;
    copy.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.name = input.name.replace(/items\[\d+\]/, "items[" + index + "]");
    });
    last.parentNode.appendChild(copy);
    update();
  });
  update();
})();
// The after-sales form shows only the details its kind needs (R-AS-2, R-AS-3).
(function () {
  "use strict";
  var form = document.querySelector("[data-case-form]");
  if (!form) { return; }
  var needs = {
    "return": ["reason"], exchange: ["reason"], quality_problem: ["reason"], damaged_parcel: ["package_state", "extent", "count", "photos"],
    lost_parcel: ["carrier_confirmation"], undeliverable: ["cause"], out_of_area: ["resolution"], price_difference: ["cashback_amount"],
    refund: [], reship: []
  };
  function update() {
    var kind = form.querySelector("[data-case-kind]").value;
    form.querySelectorAll("[data-detail]").forEach(function (label) {
      label.hidden = (needs[kind] || []).indexOf(label.getAttribute("data-detail")) < 0;
    });
  }
  form.querySelector("[data-case-kind]").addEventListener("change", update);
  update();
})();

// Order import: upload with progress, then poll the import job for rows processed and the report.
(function () {
  "use strict";
  var form = document.querySelector("form[data-import]");
  if (!form) { return; }
  var box = form.querySelector("[data-import-progress]");
  var bar = box.querySelector("progress");
  var phase = box.querySelector("[data-import-phase]");
  var count = box.querySelector("[data-import-count]");
  var section = document.querySelector("[data-import-report]");
  var message = section.querySelector("[data-import-message]");
  var button = form.querySelector("button");
  function say(text) { message.textContent = text; message.hidden = !text; section.hidden = false; }
  function problems(list) { return list.map(function (e) { return e.field + ": " + e.message; }).join("; "); }
  function show(report) {
    section.hidden = false;
    ["total_rows", "orders", "imported", "skipped_existing"].forEach(function (key) {
      section.querySelector('[data-report="' + key + '"]').textContent = report[key];
    });
    section.querySelector('[data-report="bad_rows"]').textContent = report.bad_rows.length;
    var table = section.querySelector("[data-import-bad]");
    var body = table.querySelector("tbody");
    body.textContent = "";
    report.bad_rows.slice(0, 1000).forEach(function (row) {
      row.errors.forEach(function (e) {
        var tr = document.createElement("tr");
        [String(row.line), e.field, e.message].forEach(function (text, i) {
          var td = document.createElement("td");
          if (i === 0) { td.className = "num"; }
          td.textContent = text;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    });
    table.hidden = report.bad_rows.length === 0;
    say(report.committed ? "" : form.dataset.notCommitted);
  }
  function poll(url) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (job) {
      if (job.total_rows) { bar.max = job.total_rows; bar.value = job.processed_rows; }
      count.textContent = job.processed_rows + " / " + job.total_rows;
      if (job.state === "running") { setTimeout(function () { poll(url); }, 500); return; }
      button.disabled = false;
      box.hidden = true;
      if (job.report) { show(job.report); } else { say(form.dataset.failed + " " + problems(job.errors || [])); }
    }).catch(function () { button.disabled = false; say(form.dataset.failed); });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    data.delete("_csrf");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action"));
    xhr.setRequestHeader("X-CSRF-Token", form.dataset.csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
    });
    xhr.upload.addEventListener("load", function () { phase.textContent = form.dataset.processing; bar.removeAttribute("value"); });
    xhr.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = {}; }
      if (xhr.status === 202 && answer.status_url) { poll(answer.status_url); return; }
      button.disabled = false;
      box.hidden = true;
      say(form.dataset.failed + " " + problems(answer.errors || []));
    });
    xhr.addEventListener("error", function () { button.disabled = false; say(form.dataset.failed); });
    button.disabled = true;
    section.hidden = true;
    box.hidden = false;
    phase.textContent = form.dataset.uploading;
    count.textContent = "0";
    xhr.send(data);
  });
})();
// Photo uploads on the after-sales case page: sent with the session's CSRF token, then the page reloads.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var error = form.querySelector("[data-upload-error]");
      error.textContent = "";
      fetch(form.getAttribute("data-upload"), {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-CSRF-Token": form.getAttribute("data-csrf") }
      }).then(function (response) {
        if (response.ok) { window.location.reload(); return; }
        return response.json().then(function (problem) {
          error.textContent = (problem.errors || []).map(function (e) { return e.message; }).join(" ") || problem.title;
        });
      }).catch(function () { error.textContent = "×"; });
    });
  });
})();
// Tickets: live SLA countdowns (`data-countdown`, amber after `data-at-risk`, red when past) and the ticket
// page's keys: r reply, n internal note, a assign, c resolve or close (R-TKT-8, R-TKT-9).
(function () {
  "use strict";
  // Read on every tick: the live queue (live-queue.js) adds rows with their own countdowns.
  var clocks = document.querySelectorAll("[data-countdown]");
  function span(seconds) {
    var s = Math.abs(seconds), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    var text = (d ? d + "d " : "") + (d || h ? h + "h " : "") + m + "m" + (d ? "" : " " + Math.floor(s % 60) + "s");
    return (seconds < 0 ? "−" : "") + text;
  }
  function tick() {
    var now = Date.now();
    clocks = document.querySelectorAll("[data-countdown]");
    clocks.forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-countdown"));
      if (isNaN(due)) { return; }
      var risk = Date.parse(el.getAttribute("data-at-risk") || "");
      el.textContent = span(Math.round((due - now) / 1000));
      el.classList.toggle("overdue", due <= now);
      el.classList.toggle("at-risk", due > now && (el.classList.contains("sla-at_risk") || (!isNaN(risk) && risk <= now)));
    });
  }
  if (clocks.length || document.querySelector("[data-live-queue]")) { tick(); setInterval(tick, 1000); }
  var reply = document.querySelector("[data-reply-form]");
  function kind(note) {
    if (!reply) { return; }
    var radio = reply.querySelector(note ? "[data-kind-note]" : "[data-kind-reply]");
    if (radio) { radio.checked = true; }
    reply.classList.toggle("is-note", !!reply.querySelector("[data-kind-note]:checked"));
    reply.querySelector("[data-reply-body]").focus();
  }
  if (reply) {
    reply.addEventListener("change", function () { reply.classList.toggle("is-note", !!reply.querySelector("[data-kind-note]:checked")); });
    reply.classList.toggle("is-note", !!reply.querySelector("[data-kind-note]:checked"));
  }
  var entry = document.querySelector("[data-ticket-entry]");
  if (entry) {
    var about = entry.querySelector("[data-about-agent]");
    var toggle = function () {
      about.hidden = !(entry.querySelector("[data-ticket-type]").value === "complaint" &&
        entry.querySelector("[data-ticket-category]").value === "service_attitude");
    };
    entry.addEventListener("change", toggle);
    toggle();
  }
  // The page's own keys join the shortcut overlay.
  var rows = document.querySelector("template[data-shortcut-rows]");
  var table = document.querySelector("#shortcuts table");
  if (rows && table) { table.appendChild(rows.content.cloneNode(true)); }
  var afterG = 0;
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    // "g r" goes to reports (the area keys above), it is not "r".
    if (event.key === "g") { afterG = Date.now(); return; }
    if (Date.now() - afterG < 1500) { afterG = 0; return; }
    var target = null;
    if (event.key === "r" && reply) { kind(false); event.preventDefault(); return; }
    if (event.key === "n" && reply) { kind(true); event.preventDefault(); return; }
    if (event.key === "a") { target = document.querySelector("[data-assign-select]"); }
    if (event.key === "c") { target = document.querySelector("[data-resolve-first], [data-close-form] button"); }
    if (event.key === "s") {
      // The standard phrases (R-QA-1): open the picker and type to filter; Enter puts the first one in the reply.
      var scripts = document.querySelector("details[data-script-target]");
      if (scripts) { scripts.open = true; target = scripts.querySelector("[data-script-picker-filter]"); }
    }
    if (target) { target.focus(); target.scrollIntoView({ block: "center" }); event.preventDefault(); }
  });
})();
