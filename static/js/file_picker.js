// File inputs in the portal's language: the browser's own "Choose Files / No file chosen"
// speaks the browser's language, so each file input is hidden behind a label of ours
// ("Chọn tệp…") and the names of the chosen files. A form may lay out its own picker
// ([data-file-picker] with [data-picker-ui] and [data-picker-names], as the report form
// does); any other file input gets one built here. Without JS the browser's input stays.
(function () {
  "use strict";
  var texts = document.body.dataset;

  function build(input) {
    if (!input.id) input.id = "file-" + Math.random().toString(36).slice(2, 10);
    var holder = document.createElement("div");
    holder.setAttribute("data-file-picker", "");
    holder.dataset.none = texts.pickerNone;
    input.parentNode.insertBefore(holder, input);
    holder.appendChild(input);
    var ui = document.createElement("div");
    ui.className = "input-group d-none";
    ui.setAttribute("data-picker-ui", "");
    var label = document.createElement("label");
    label.className = "btn btn-outline-primary";
    label.htmlFor = input.id;
    var icon = document.createElement("i");
    icon.className = "bi bi-paperclip";
    icon.setAttribute("aria-hidden", "true");
    label.append(icon, " " + texts.pickerChoose);
    var names = document.createElement("span");
    names.className = "form-control text-truncate text-muted";
    if (input.classList.contains("is-invalid")) names.classList.add("is-invalid");
    names.setAttribute("data-picker-names", "");
    ui.append(label, names);
    holder.appendChild(ui);
    return holder;
  }

  function enhance(picker) {
    var input = picker.querySelector("input[type=file]");
    var names = picker.querySelector("[data-picker-names]");
    if (!input || !names || picker.classList.contains("picker-ready")) return;
    picker.classList.add("picker-ready");
    input.classList.add("visually-hidden");
    picker.querySelector("[data-picker-ui]").classList.remove("d-none");
    function show() {
      var chosen = Array.prototype.map.call(input.files, function (f) { return f.name; });
      names.textContent = chosen.length ? chosen.join(", ") : picker.dataset.none;
      names.classList.toggle("text-muted", !chosen.length);
    }
    input.addEventListener("change", show);
    show();
  }

  function within(root) {
    root.querySelectorAll("input[type=file]").forEach(function (input) {
      if (!input.closest("[data-file-picker]")) build(input);
    });
    root.querySelectorAll("[data-file-picker]").forEach(enhance);
  }

  within(document);
  // Forms that htmx swaps in later get theirs too.
  document.body.addEventListener("htmx:load", function (event) {
    if (event.detail && event.detail.elt && event.detail.elt.querySelectorAll) {
      within(event.detail.elt);
    }
  });
})();
