// The review queue: "pick all on this page" and the count on the accept button. Only a
// convenience: without it each box is ticked by hand, and the server checks every pick.
(function () {
  "use strict";
  var form = document.querySelector("[data-bulk-accept]");
  if (!form) return;
  var all = form.querySelector("[data-pick-all]");
  var count = form.querySelector("[data-picked-count]");
  var boxes = document.querySelectorAll("[data-pick]");

  function update() {
    var n = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    count.textContent = n;
    all.checked = n > 0 && n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
  }

  all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    update();
  });
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
})();
