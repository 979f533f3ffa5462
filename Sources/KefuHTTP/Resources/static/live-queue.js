// Ticket queues: new assignments and new tickets arrive without a reload (Server-Sent Events from
// /tickets/stream). The server draws each row (escaped there); here it is put in its place by time left, marked
// for a moment, and the count follows. A row that left "my queue" goes. Pages work without it.
(function () {
  "use strict";
  var table = document.querySelector("table[data-live-queue]");
  if (!table || !window.EventSource) { return; }
  var body = table.tBodies[0];
  var more = table.getAttribute("data-live-more") === "true";
  var count = document.querySelector("[data-queue-count]");
  var announce = document.querySelector("[data-live-announce]");
  function due(row) {
    var value = Date.parse(row.getAttribute("data-due") || "");
    return isNaN(value) ? Infinity : value;
  }
  function id(row) { return parseInt(row.getAttribute("data-ticket-id"), 10) || 0; }
  // The queue's order: soonest due first, rows without a running clock last, then by ticket id.
  function before(a, b) { return due(a) < due(b) || (due(a) === due(b) && id(a) < id(b)); }
  function rows() { return Array.prototype.slice.call(body.querySelectorAll("tr[data-ticket-id]")); }
  function existing(ticketId) { return body.querySelector('tr[data-ticket-id="' + ticketId + '"]'); }
  function adjust(delta) {
    if (!count) { return; }
    var value = parseInt(count.textContent, 10);
    if (!isNaN(value)) { count.textContent = String(Math.max(0, value + delta)); }
  }
  function place(row) {
    var list = rows();
    var next = null;
    for (var i = 0; i < list.length; i++) {
      if (before(row, list[i])) { next = list[i]; break; }
    }
    // After the last row of a page that has more: the row belongs to a later page.
    if (!next && more && list.length) { return false; }
    body.insertBefore(row, next);
    var empty = body.querySelector("[data-empty-row]");
    if (empty) { empty.remove(); }
    return true;
  }
  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.querySelector("tr");
  }
  function highlight(row) {
    row.classList.add("live-new");
    setTimeout(function () { row.classList.remove("live-new"); }, 6000);
  }
  function receive(data) {
    var old = existing(data.ticket_id);
    if (data.kind === "left") {
      if (old) { old.remove(); adjust(-1); }
      return;
    }
    var row = data.html && parse(data.html);
    if (!row) { return; }
    if (old) { old.remove(); }
    if (place(row)) { highlight(row); }
    if (!old) {
      adjust(1);
      if (announce) { announce.textContent = (announce.getAttribute("data-text") || "").replace("{number}", data.number); }
    }
  }
  var source = new EventSource(table.getAttribute("data-live-queue"));
  source.addEventListener("ticket", function (event) {
    try { receive(JSON.parse(event.data)); } catch (ignored) { /* a malformed event changes nothing */ }
  });
  table.setAttribute("data-live", "connecting");
  source.addEventListener("open", function () { table.setAttribute("data-live", "open"); });
  source.addEventListener("error", function () { table.setAttribute("data-live", "reconnecting"); });
})();
