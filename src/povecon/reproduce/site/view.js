// The reading view: filters, the audit rows of a number on hover or click, links to inputs.
// Plain script, no network: the pages are opened from disk. The page's audit data is the
// JSON block #audit-data (numbers by id, checks by target id, checks a number is an input to).
(function () {
  "use strict";
  var root = document.documentElement;
  // errors are written into the page, where a headless browser's --dump-dom can see them
  window.onerror = function (message, source, line, column) {
    var before = root.getAttribute("data-errors");
    root.setAttribute("data-errors", (before ? before + " | " : "") + message + " (" + line + ":" + column + ")");
  };

  var data = null;
  var spans = {};  // number id -> its span
  var pop = null;
  var pinned = null;
  var page = (location.pathname.split("/").pop() || "index.html");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function badge(verdict) {
    if (!verdict) { return el("span", {"class": "muted"}, ["(not audited in this run)"]); }
    var label = (data.labels[verdict] || verdict);
    return el("span", {"class": "badge v-" + verdict.replace(/ /g, "-")}, [label]);
  }

  function link(id) {
    var n = data.numbers[id];
    if (!n) { return el("code", {}, [id]); }
    var text = n.printed + (n.unit ? " " + n.unit : "");
    if (!n.page) { return el("span", {"class": "input"}, [text + " (" + n.finding + ", line " + n.line + ")"]); }
    var same = n.page === page;
    var href = (same ? "" : n.page + "?n=" + encodeURIComponent(id)) + "#L" + n.line;
    var a = el("a", {"href": href, "data-goto": same ? id : ""}, [text]);
    return el("span", {"class": "input"}, [a, " (" + n.finding + ", line " + n.line + (same ? "" : ", " + n.page) + ")"]);
  }

  function field(dl, name, value) {
    if (value === "" || value === null || value === undefined) { return; }
    dl.appendChild(el("dt", {}, [name]));
    dl.appendChild(el("dd", {}, [value]));
  }

  function describe(id) {
    var n = data.numbers[id];
    var box = el("div", {"class": "number"});
    box.appendChild(el("h3", {}, [
      n.qualifier ? n.qualifier + " " : "", el("strong", {}, [n.printed]), n.unit ? " " + n.unit : "", " ", badge(n.verdict)
    ]));
    box.appendChild(el("p", {"class": "what"}, [n.finding + " · " + n.what + " · line " + n.line]));
    if (n.note) { box.appendChild(el("p", {"class": "note"}, ["Note: " + n.note])); }
    var checks = data.checks[id] || [];
    if (!checks.length) {
      box.appendChild(el("p", {}, ["No check concerns this number: " + n.why + "."]));
    }
    checks.forEach(function (c) {
      var dl = el("dl", {"class": "check"});
      var inputs = el("span", {}, []);
      c.inputs.forEach(function (i, k) {
        if (k) { inputs.appendChild(document.createTextNode("; ")); }
        inputs.appendChild(link(i));
      });
      field(dl, "check", el("span", {}, [c.claim + " ", badge(c.verdict)]));
      field(dl, "what", c.description);
      field(dl, "relation", c.relation);
      field(dl, "inputs", inputs);
      field(dl, "recomputed", c.recomputed);
      field(dl, "difference", c.difference);
      field(dl, "tolerance", c.tolerance);
      field(dl, "explanation", c.explanation);
      box.appendChild(dl);
    });
    var uses = data.uses[id] || [];
    if (uses.length) {
      var ul = el("ul", {"class": "uses"});
      uses.forEach(function (u) {
        var li = el("li", {}, [u.claim + " ", badge(u.verdict), " "]);
        if (u.target) { li.appendChild(link(u.target)); } else { li.appendChild(document.createTextNode(u.description)); }
        ul.appendChild(li);
      });
      box.appendChild(el("p", {}, ["Input to " + uses.length + " check(s):"]));
      box.appendChild(ul);
    }
    return box;
  }

  function show(span, pin) {
    pop.innerHTML = "";
    span.getAttribute("data-n").split(" ").forEach(function (id) {
      if (data.numbers[id]) { pop.appendChild(describe(id)); }
    });
    if (pin) { pop.appendChild(el("p", {"class": "hint"}, ["Pinned: Esc or a click elsewhere closes it."])); }
    var r = span.getBoundingClientRect();
    pop.className = "on";
    var top = r.bottom + 6;
    if (top + pop.offsetHeight > window.innerHeight) { top = Math.max(4, r.top - pop.offsetHeight - 6); }
    pop.style.top = top + "px";
    pop.style.left = Math.max(4, Math.min(r.left, window.innerWidth - pop.offsetWidth - 8)) + "px";
  }

  function hide() {
    pinned = null;
    pop.className = "";
  }

  function flash(id) {
    var span = spans[id];
    if (!span) { return; }
    span.scrollIntoView({block: "nearest"});
    span.classList.remove("flash");
    void span.offsetWidth;  // restart the animation
    span.classList.add("flash");
  }

  function setupNumbers() {
    Array.prototype.forEach.call(document.querySelectorAll(".n"), function (span) {
      span.getAttribute("data-n").split(" ").forEach(function (id) { spans[id] = span; });
      span.setAttribute("tabindex", "0");
    });
    pop = el("div", {"id": "pop", "role": "dialog"});
    document.body.appendChild(pop);
    document.addEventListener("mouseover", function (e) {
      var span = e.target.closest && e.target.closest(".n");
      if (span && !pinned) { show(span, false); }
    });
    document.addEventListener("mouseout", function (e) {
      var span = e.target.closest && e.target.closest(".n");
      if (span && !pinned) { hide(); }
    });
    document.addEventListener("click", function (e) {
      var go = e.target.closest && e.target.closest("a[data-goto]");
      if (go && go.getAttribute("data-goto")) { hide(); flash(go.getAttribute("data-goto")); return; }
      var span = e.target.closest && e.target.closest(".n");
      if (span) { pinned = span; show(span, true); return; }
      if (!(e.target.closest && e.target.closest("#pop"))) { hide(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { hide(); }
      if (e.key === "Enter" && e.target.classList && e.target.classList.contains("n")) { pinned = e.target; show(e.target, true); }
    });
  }

  function applyFinding(finding) {
    Array.prototype.forEach.call(document.querySelectorAll(".n"), function (span) {
      var mine = !finding || span.getAttribute("data-f").split(" ").indexOf(finding) >= 0;
      span.classList.toggle("dim", !mine);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".l.has"), function (line) {
      line.classList.toggle("off", !!finding && !line.querySelector(".n:not(.dim)"));
    });
    Array.prototype.forEach.call(document.querySelectorAll("details.finding"), function (d) {
      if (finding && d.getAttribute("data-f") === finding) { d.open = true; d.scrollIntoView({block: "nearest"}); }
    });
  }

  function setupFilters() {
    Array.prototype.forEach.call(document.querySelectorAll("input.fv"), function (box) {
      var apply = function () { document.body.classList.toggle("hide-v-" + box.value.replace(/ /g, "-"), !box.checked); };
      box.addEventListener("change", apply);
      apply();
    });
    var compact = document.getElementById("compact");
    if (compact) {
      var applyCompact = function () { document.body.classList.toggle("compact", compact.checked); };
      compact.addEventListener("change", applyCompact);
      applyCompact();
    }
    var select = document.getElementById("ff");
    if (select) { select.addEventListener("change", function () { applyFinding(select.value); }); }
  }

  function applyQuery() {
    var q = new URLSearchParams(location.search);
    var select = document.getElementById("ff");
    if (q.get("f") && select) { select.value = q.get("f"); applyFinding(select.value); }
    if (q.get("v")) {
      var keep = q.get("v").split(",");
      Array.prototype.forEach.call(document.querySelectorAll("input.fv"), function (box) {
        box.checked = keep.indexOf(box.value) >= 0;
        box.dispatchEvent(new Event("change"));
      });
    }
    var compact = document.getElementById("compact");
    if (q.get("compact") && compact) { compact.checked = true; compact.dispatchEvent(new Event("change")); }
    // a link to a number (an input of a check on another page) opens its audit rows
    if (q.get("n") && spans[q.get("n")]) { flash(q.get("n")); pinned = spans[q.get("n")]; show(pinned, true); }
  }

  function init() {
    var block = document.getElementById("audit-data");
    data = block ? JSON.parse(block.textContent) : null;
    setupFilters();
    if (data) { setupNumbers(); }
    applyQuery();
    root.setAttribute("data-ready", "1");
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
