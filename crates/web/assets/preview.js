// The column preview of the upload dialog: the start of the chosen
// file is sent to POST /data-sources/preview, which answers with its
// first rows and the role each column will get, decided as processing
// decides it. The user can correct a role; the corrections are asked
// about again (so the answer says whether rows can still be placed)
// and sent with the upload as its `columns` field.
window.HoneyGridPreview = (function () {
  "use strict";
  var HEAD = 64 * 1024;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // `onState(ok)` is told whether the file can be uploaded as it is.
  function create(form, onState) {
    var box = document.getElementById("create-preview");
    var table = document.getElementById("preview-table");
    var format = document.getElementById("preview-format");
    var hint = document.getElementById("preview-hint");
    var problem = document.getElementById("preview-problem");
    var fixed = form.dataset.columns || "";
    var file = null, corrections = {}, seq = 0;

    function clear() {
      seq++;
      file = null;
      corrections = {};
      box.hidden = true;
      table.textContent = "";
      form.closest("dialog").classList.remove("is-wide");
    }

    function mapping() {
      if (fixed) { return fixed; }
      return Object.keys(corrections).length
        ? JSON.stringify(corrections) : "";
    }

    function show(chosen) {
      file = chosen;
      corrections = {};
      ask();
    }

    function ask() {
      if (!file) { return; }
      var mine = ++seq;
      var url = "/data-sources/preview?complete=" +
        (file.size <= HEAD ? "1" : "0");
      var m = mapping();
      if (m) { url += "&columns=" + encodeURIComponent(m); }
      fetch(url, {
        method: "POST",
        body: file.slice(0, HEAD),
        credentials: "same-origin",
        headers: { "Content-Type": "application/octet-stream" }
      }).then(function (r) {
        return r.json().then(function (body) { return [r.ok, body]; });
      }).then(function (answer) {
        if (mine !== seq) { return; }
        if (answer[0]) { render(answer[1]); } else { refused(answer[1]); }
      }).catch(function () {
        if (mine !== seq) { return; }
        box.hidden = true;
        onState(true);
      });
    }

    function refused(body) {
      box.hidden = false;
      table.textContent = "";
      format.textContent = "";
      hint.textContent = "";
      problem.textContent = body.detail || "This file cannot be read.";
      problem.hidden = false;
      onState(false);
    }

    function render(p) {
      box.hidden = false;
      problem.hidden = true;
      table.textContent = "";
      if (!p.previewed) {
        format.textContent = "";
        hint.textContent = "Workbooks are not previewed: their columns " +
          "are recognised when processing starts.";
        onState(true);
        return;
      }
      form.closest("dialog").classList.add("is-wide");
      format.textContent = p.delimiter + "-separated · " + p.encoding;
      hint.textContent = fixed
        ? "This data source keeps the column roles of its first upload."
        : "What each column is used for. Correct any that is wrong " +
          "before processing starts.";
      table.appendChild(head(p));
      table.appendChild(body(p));
      if (p.problem) {
        problem.textContent = p.problem;
        problem.hidden = false;
      }
      onState(!p.problem);
    }

    function head(p) {
      var thead = el("thead");
      var names = el("tr");
      var roles = el("tr", "preview-roles");
      p.columns.forEach(function (c, i) {
        var th = el("th", "", c.name || "(no name)");
        th.scope = "col";
        names.appendChild(th);
        var td = el("td", "role-" + kind(c.role));
        var label = el("label", "visually-hidden",
          "What column " + (c.name || i + 1) + " is used for");
        label.htmlFor = "role-" + i;
        var select = el("select", "role-select");
        select.id = "role-" + i;
        select.dataset.column = c.name;
        select.disabled = !!fixed;
        p.roles.forEach(function (r) {
          var o = el("option", "", r.label);
          o.value = r.value;
          select.appendChild(o);
        });
        select.value = c.role;
        select.addEventListener("change", function () {
          corrections[c.name] = select.value;
          ask();
        });
        td.appendChild(label);
        td.appendChild(select);
        if (c.note) { td.appendChild(el("div", "role-note", c.note)); }
        roles.appendChild(td);
      });
      thead.appendChild(names);
      thead.appendChild(roles);
      return thead;
    }

    function body(p) {
      var tbody = el("tbody");
      p.rows.forEach(function (row) {
        var tr = el("tr");
        row.forEach(function (v) { tr.appendChild(el("td", "", v)); });
        tbody.appendChild(tr);
      });
      return tbody;
    }

    function kind(role) {
      if (role === "metric") { return "metric"; }
      if (role === "ignore") { return "ignore"; }
      return "location";
    }

    return {
      show: show,
      clear: clear,
      // The corrections to send with the upload, or "".
      columns: function () { return fixed ? "" : mapping(); }
    };
  }

  return { create: create };
})();
