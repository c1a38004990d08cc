// The report form (reports/report_form.html), in plain JS: the rate of each ratio and
// whether it meets the target while typing, and the error summary's links (its file
// picker is static/js/file_picker.js). Only a hint: the server checks everything again.
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) return;
  var decimal = form.dataset.decimal || ",";

  function whole(input) {
    var text = (input.value || "").trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  // value × scale compared with target × scale, so 8/10 against 80 % is exactly "met".
  function meets(comparator, left, right) {
    switch (comparator) {
      case "gte": return left >= right;
      case "gt": return left > right;
      case "eq": return left === right;
      case "lte": return left <= right;
      case "lt": return left < right;
    }
    return null;
  }

  function badge(met) {
    var span = document.createElement("span");
    span.className = "badge " + (met ? "text-bg-success" : "text-bg-danger");
    span.textContent = met ? form.dataset.met : form.dataset.notMet;
    return span;
  }

  function update(box) {
    var out = box.querySelector("[data-live-result]");
    if (!out) return;
    out.replaceChildren();
    var target = Number(box.dataset.target);
    var comparator = box.dataset.comparator;
    if (box.dataset.kind === "ratio") {
      var num = whole(box.querySelector("[data-part=numerator]"));
      var den = whole(box.querySelector("[data-part=denominator]"));
      if (num === null || den === null || den === 0 || num > den) return;
      var rate = (Math.round((num * 1000) / den) / 10).toFixed(1).replace(".", decimal);
      out.append("= " + rate + "\u00a0% ");
      // Targets have at most two decimals: compare in hundredths, in whole numbers.
      out.append(badge(meets(comparator, num * 10000, Math.round(target * 100) * den)));
    } else if (box.dataset.kind === "count") {
      var count = whole(box.querySelector("[data-part=count]"));
      if (count === null) return;
      out.append(badge(meets(comparator, count * 100, Math.round(target * 100))));
    }
  }

  form.querySelectorAll("[data-indicator]").forEach(function (box) {
    box.addEventListener("input", function () { update(box); });
    update(box);
  });

  // The summary's links: bring the field with its label into view and put the cursor in it.
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("[data-error-link]");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var holder = field.closest("[id^=div_]") || field;
      holder.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }
})();
