// The upload dialog (a new data source, or a feed's next version): a
// file chosen or dropped, previewed (preview.js), sent to the form's
// action with XMLHttpRequest so the upload's progress can be shown;
// on success, the data source's page.
(function () {
  "use strict";
  var dialog = document.getElementById("create-dialog");
  if (!dialog) return;
  var form = document.getElementById("create-form");
  var input = document.getElementById("create-file");
  var zone = document.getElementById("dropzone");
  var hint = document.getElementById("create-file-hint");
  var hintText = hint.textContent;
  var nameInput = document.getElementById("create-name");
  var progress = document.getElementById("create-progress");
  var bar = document.getElementById("create-progress-bar");
  var barText = document.getElementById("create-progress-text");
  var barLabel = document.getElementById("create-progress-label");
  var error = document.getElementById("create-error");
  var submit = document.getElementById("create-submit");
  var typeInput = document.getElementById("create-type");
  var source = form.dataset.source;
  var xhr = null;
  var preview = window.HoneyGridPreview.create(form, function (ok) {
    submit.disabled = !ok;
  });

  document.querySelectorAll("[data-open='create-dialog']").forEach(function (b) {
    b.addEventListener("click", function () {
      reset();
      dialog.showModal();
    });
  });
  dialog.querySelectorAll("[data-close]").forEach(function (b) {
    b.addEventListener("click", function () { close(); });
  });
  dialog.addEventListener("cancel", function (e) {
    if (xhr) e.preventDefault();
  });

  function close() {
    if (xhr) { xhr.abort(); xhr = null; }
    dialog.close();
  }

  function reset() {
    form.reset();
    preview.clear();
    hint.textContent = hintText;
    zone.classList.remove("has-file", "is-over");
    progress.hidden = true;
    error.hidden = true;
    submit.disabled = false;
  }

  function size(n) {
    var units = ["bytes", "KB", "MB", "GB"];
    var i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i ? n.toFixed(1) : n) + " " + units[i];
  }

  function chosen() {
    var file = input.files && input.files[0];
    if (!file) {
      hint.textContent = hintText;
      zone.classList.remove("has-file");
      preview.clear();
      return;
    }
    hint.textContent = "Chosen: " + file.name + " (" + size(file.size) + ")";
    zone.classList.add("has-file");
    error.hidden = true;
    preview.show(file);
  }
  input.addEventListener("change", chosen);

  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (e) {
      e.preventDefault();
      zone.classList.add("is-over");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function (e) {
      e.preventDefault();
      zone.classList.remove("is-over");
    });
  });
  zone.addEventListener("drop", function (e) {
    var files = e.dataTransfer && e.dataTransfer.files;
    if (!files || !files.length) return;
    input.files = files;
    chosen();
  });

  function fail(text) {
    error.textContent = text;
    error.hidden = false;
    progress.hidden = true;
    submit.disabled = false;
    xhr = null;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var file = input.files && input.files[0];
    if (!file) {
      fail("Choose a file to upload first.");
      input.focus();
      return;
    }
    var data = new FormData();
    var name = nameInput ? nameInput.value.trim() : "";
    if (name) data.append("name", name);
    if (typeInput) data.append("type", typeInput.value);
    var columns = preview.columns();
    if (columns) data.append("columns", columns);
    data.append("file", file, file.name);

    error.hidden = true;
    progress.hidden = false;
    bar.value = 0;
    barText.textContent = "0%";
    barLabel.textContent = "Uploading " + file.name + "…";
    submit.disabled = true;

    xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (ev) {
      if (!ev.lengthComputable) return;
      var pct = Math.round((ev.loaded / ev.total) * 100);
      bar.value = pct;
      barText.textContent = pct + "% of " + size(ev.total);
    };
    xhr.upload.onload = function () {
      bar.value = 100;
      barLabel.textContent = "Checking the file…";
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      if (xhr.status === 201 && body && body.dataSource) {
        barLabel.textContent = "Uploaded. Opening the data source…";
        var page = "/data-sources/" + encodeURIComponent(body.dataSource.id);
        if (source && body.version) {
          page += "?version=" + encodeURIComponent(body.version.id);
        }
        window.location.assign(page);
        return;
      }
      if (xhr.status === 401) {
        window.location.assign("/sign-in");
        return;
      }
      fail((body && (body.detail || body.title)) ||
        ("The upload was refused (HTTP " + xhr.status + ")."));
    };
    xhr.onerror = function () {
      fail("The upload did not reach the service. Check the connection and try again.");
    };
    xhr.onabort = function () { xhr = null; };
    xhr.send(data);
  });
})();
