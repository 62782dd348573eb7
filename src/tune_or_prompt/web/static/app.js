// tune-or-prompt serve: check each answer and refresh the preview as the form changes.
// The server does all the work (the same checks and pipeline as the terminal);
// this script only sends the form, shows what comes back, and keeps the link current.
(function () {
  "use strict";
  var form = document.getElementById("answers");
  if (!form) { return; }
  var body = document.getElementById("preview-body");
  var share = document.getElementById("share");
  var problem = document.getElementById("problem");
  var upload = document.getElementById("upload");
  var timer = null;
  var sent = 0;
  var refused = {};

  function fields() { return new URLSearchParams(new FormData(form)).toString(); }

  function show(result) {
    refused = result.errors;
    form.querySelectorAll(".field").forEach(function (field) {
      var id = field.dataset.id;
      var input = document.getElementById("q-" + id);
      var error = document.getElementById("e-" + id);
      var reason = result.errors[id];
      field.hidden = result.shown.indexOf(id) < 0;
      field.classList.toggle("invalid", Boolean(reason));
      if (reason) {
        input.setAttribute("aria-invalid", "true");
        if (error.textContent !== reason) { error.textContent = reason; }
        error.hidden = false;
      } else {
        input.removeAttribute("aria-invalid");
        error.textContent = "";
        error.hidden = true;
      }
    });
    body.innerHTML = result.html;
    problem.hidden = true;
    summarise();
    share.href = result.query;
    history.replaceState(null, "", result.query);
  }

  function summarise() {  // a phone shows the preview below the form: one line of it stays in view
    var summary = body.querySelector(".summary");
    document.querySelector("#live-summary a").textContent = summary ? summary.textContent : "";
  }

  function refresh() {
    var mine = ++sent;
    form.setAttribute("aria-busy", "true");
    fetch(form.dataset.preview, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded"},
      body: fields()
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
      return response.json();
    }).then(function (result) {
      if (mine === sent) { show(result); }  // an older answer arriving late is dropped
    }).catch(function (err) {
      problem.textContent = "The preview could not be updated: " + err.message;
      problem.hidden = false;
    }).finally(function () {
      if (mine === sent) { form.removeAttribute("aria-busy"); }
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  }

  summarise();
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function (event) {
    var first = Object.keys(refused)[0];
    if (first) {  // refused answers are fixed here first; the server checks again anyway
      event.preventDefault();
      document.getElementById("q-" + first).focus();
    }
  });
  upload.addEventListener("change", function () {
    var file = upload.files[0];
    if (!file) { return; }
    file.text().then(function (text) {
      return fetch(form.dataset.upload, {method: "POST", headers: {"Content-Type": "text/plain"}, body: text});
    }).then(function (response) {
      return response.json();
    }).then(function (result) {
      if (result.url) { window.location.assign(result.url); return; }
      problem.textContent = result.error;
      problem.hidden = false;
    });
  });
}());
