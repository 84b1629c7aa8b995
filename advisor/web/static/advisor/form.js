/* The profile form, made nicer: a live total of the market shares and the default weights for the
   chosen sector and stage. The form works without this script; the server checks everything. */
(function () {
  "use strict";

  var form = document.querySelector("[data-market-form]");
  if (!form) {
    return;
  }
  var language = document.documentElement.lang || "en";
  var format = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  /* percentage points, as the engine allows: each share typed to one decimal may be off by 0.05 */
  var ROUNDING = 0.05;

  /* Running total of the market shares. */
  var shares = Array.prototype.slice.call(form.querySelectorAll("[data-market-share]"));
  var total = document.getElementById("market-total");
  var totalValue = total.querySelector(".total-value");
  var totalNote = total.querySelector(".total-note");

  function shareSum() {
    return shares.reduce(function (sum, input) {
      var value = parseFloat(String(input.value).replace(",", "."));
      return sum + (isFinite(value) ? value : 0);
    }, 0);
  }

  function shareCount() {
    return shares.filter(function (input) {
      var value = parseFloat(String(input.value).replace(",", "."));
      return isFinite(value) && value > 0;
    }).length;
  }

  function isComplete(sum) {
    return Math.abs(sum - 100) <= Math.max(0.01, ROUNDING * shareCount()) + 1e-9;
  }

  function showTotal(blocked) {
    var sum = Math.round(shareSum() * 100) / 100;
    var note;
    var state;
    if (isComplete(sum)) {
      state = "complete";
      note = total.dataset.complete;
    } else if (sum > 100) {
      state = "over";
      note = total.dataset.over.replace("%(extra)s", format.format(sum - 100));
    } else {
      state = "short";
      note = total.dataset.short.replace("%(missing)s", format.format(100 - sum));
    }
    if (blocked && state !== "complete") {
      state = "blocked";
      note = total.dataset.blocked;
    }
    totalValue.textContent = format.format(sum) + "%";
    totalNote.textContent = note;
    total.classList.remove("complete", "over", "short", "blocked");
    total.classList.add(state);
    total.dataset.state = state;
  }

  shares.forEach(function (input) {
    input.addEventListener("input", function () {
      showTotal(false);
    });
  });
  form.addEventListener("submit", function (event) {
    if (!isComplete(shareSum())) {
      event.preventDefault();
      showTotal(true);
      (shares.find(function (input) { return input.value === ""; }) || shares[0]).focus();
    }
  });
  showTotal(false);

  /* Default weights follow the chosen sector and stage. */
  var weights = document.getElementById("weights");
  var defaults = {};
  try {
    defaults = JSON.parse(weights.dataset.defaults || "{}");
  } catch (error) {
    defaults = {};
  }
  var sector = form.elements.namedItem("sector");
  var stage = form.elements.namedItem("stage");

  function showDefaults() {
    var table = (defaults[sector.value] || {})[stage.value];
    if (!table) {
      return;
    }
    Object.keys(table).forEach(function (criterion) {
      var name = "weight_" + criterion;
      var input = form.elements.namedItem(name);
      var hint = document.getElementById(name + "-default");
      var value = format.format(table[criterion]);
      if (input) {
        input.placeholder = value;
      }
      if (hint) {
        hint.textContent = hint.dataset.template.replace("%(value)s", value);
      }
    });
  }

  sector.addEventListener("change", showDefaults);
  stage.addEventListener("change", showDefaults);
  showDefaults();

  /* After a rejected submission, take keyboard and screen-reader users to the list of problems. */
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
