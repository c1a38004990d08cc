// What a commune officer types into a report is also kept on the device (localStorage)
// until the portal has it: on a slow link a "Lưu nháp" that never reaches the server, or
// a session that expired while typing, would otherwise lose every value. The next time
// the form opens, a banner offers the values back. Kept per user and report, dropped
// once the portal holds the same values, when the report is sent, after 14 days, and
// at an explicit sign-out (a commune office may share one computer).
(function () {
  "use strict";
  var PREFIX = "thidua.report.";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;
  var store;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (e) {
    return; // private mode or storage disabled: the form works as before
  }

  function read(key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  // Old copies go, whichever page runs this.
  for (var i = store.length - 1; i >= 0; i--) {
    var k = store.key(i);
    if (k && k.indexOf(PREFIX) === 0) {
      var old = read(k);
      if (!old || !old.at || Date.now() - old.at > MAX_AGE_MS) store.removeItem(k);
    }
  }

  // A sent or accepted report's page: its copy is no longer needed.
  document.querySelectorAll("[data-report-backup-done]").forEach(function (el) {
    store.removeItem(PREFIX + el.dataset.reportBackupDone);
  });

  // Signing out on purpose clears this user's copies.
  document.querySelectorAll("form[data-logout]").forEach(function (logout) {
    logout.addEventListener("submit", function () {
      var mine = PREFIX + logout.dataset.userId + ".";
      for (var j = store.length - 1; j >= 0; j--) {
        var key = store.key(j);
        if (key && key.indexOf(mine) === 0) store.removeItem(key);
      }
    });
  });

  var form = document.querySelector("[data-report-form][data-backup-key]");
  if (!form) return;
  var key = PREFIX + form.dataset.backupKey;
  var version = Number((form.querySelector("input[name=version]") || {}).value || 0);
  var SKIP = { csrfmiddlewaretoken: 1, version: 1, action: 1, evidence: 1 };

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "file" && el.type !== "submit";
    });
  }

  function current() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }

  function differs(values) {
    var now = current();
    return Object.keys(values).some(function (name) {
      return name in now && now[name] !== values[name];
    });
  }

  function save() {
    store.setItem(key, JSON.stringify({ v: version, at: Date.now(), values: current() }));
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  }

  var banner = document.querySelector("[data-restore-banner]");
  var kept = read(key);
  if (form.dataset.bound === "1") {
    // The server sent back what was typed (with its errors): that is the copy now.
    save();
  } else if (kept && kept.values && differs(kept.values) && banner) {
    var at = new Date(kept.at);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    banner.querySelector("[data-restore-time]").textContent =
      two(at.getHours()) + ":" + two(at.getMinutes()) + " " +
      two(at.getDate()) + "/" + two(at.getMonth() + 1) + "/" + at.getFullYear();
    if (kept.v !== version) banner.querySelector("[data-restore-newer]").classList.remove("d-none");
    banner.classList.remove("d-none");
    banner.querySelector("[data-restore]").addEventListener("click", function () {
      fields().forEach(function (el) {
        if (el.name in kept.values) {
          el.value = kept.values[el.name];
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      kept.v = version; // restored onto this version: saving it is the user's choice
      save();
      banner.querySelector("[data-restore-ask]").classList.add("d-none");
      banner.querySelector("[data-restore-done]").classList.remove("d-none");
    });
    banner.querySelector("[data-restore-discard]").addEventListener("click", function () {
      store.removeItem(key);
      banner.classList.add("d-none");
    });
  } else {
    // The portal holds what the device had (or the device had nothing).
    store.removeItem(key);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", save);
})();
