/* The case page, made nicer: it follows the case's progress without reloads (the page also
   refreshes itself without JavaScript), updates the what-if ranking as weights change, and prints. */
(function () {
  "use strict";

  /* Progress: poll the small status endpoint; reload once the result (or failure) is in. */
  var FIRST_POLL_MS = 60;
  var panel = document.getElementById("case-status");
  if (panel && panel.dataset.statusUrl) {
    var current = panel.dataset.status;
    var message = document.getElementById("case-status-message");
    var started = Date.now();

    var showStatus = function (status, text) {
      current = status;
      panel.dataset.status = status;
      panel.className = panel.className.replace(/status-\w+/, "status-" + status);
      message.textContent = text;
      var reached = false;
      Array.prototype.forEach.call(panel.querySelectorAll("[data-step]"), function (step) {
        var here = step.dataset.step === status;
        step.classList.remove("done", "current");
        step.removeAttribute("aria-current");
        if (here) {
          step.classList.add("current");
          step.setAttribute("aria-current", "step");
          reached = true;
        } else if (!reached) {
          step.classList.add("done");
        }
      });
    };

    /* Scoring takes a few tens of milliseconds once a worker has the case: ask soon, then back
       off (x1.5 a time, to once a second; every 5 s for a case that waits over a minute), so a
       founder sees the ranking about a tenth of a second after it is stored. */
    var delay = FIRST_POLL_MS;
    var nextDelay = function () {
      if (Date.now() - started > 60000) {
        return 5000;
      }
      delay = Math.min(delay * 1.5, 1000);
      return delay;
    };
    var poll = function () {
      fetch(panel.dataset.statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && data.finished) {
            window.location.reload();
            return;
          }
          if (data && data.status !== current) {
            showStatus(data.status, data.message);
          }
          window.setTimeout(poll, nextDelay());
        })
        .catch(function () {
          window.setTimeout(poll, nextDelay() * 3);
        });
    };
    window.setTimeout(poll, FIRST_POLL_MS);
  }

  /* What-if: the ranking under other weights, fetched as the founder types. */
  var section = document.getElementById("what-if");
  if (section) {
    var form = section.querySelector("form");
    var result = document.getElementById("what-if-result");
    var latest = 0;
    var timer = null;

    var update = function () {
      var request = ++latest;
      var query = new URLSearchParams(new FormData(form)).toString();
      fetch(section.dataset.whatIfUrl + "?" + query, { headers: { Accept: "text/html" } })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          if (request !== latest) {
            return; /* an answer to older weights arrived late */
          }
          result.innerHTML = html;
          var address = form.action.split("#")[0] + "?" + query;
          window.history.replaceState(null, "", address + "#what-if");
          /* Switching language then keeps these weights. */
          var next = document.querySelector(".language-switcher input[name='next']");
          if (next) {
            next.value = new URL(address, window.location.href).pathname + "?" + query;
          }
        });
    };

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 350);
    });
  }

  /* Print (or save as PDF): the print stylesheet lays the report out on A4. */
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () {
      window.print();
    });
  }
})();
