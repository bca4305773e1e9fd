// Progressive enhancement only: every page works without this file.
// - Filtering without a full reload (the URL still holds the whole view state).
// - Keyboard navigation on the timeline: j / k move between items, o or Enter opens one.
(function () {
  "use strict";
  var body = document.getElementById("timeline-body");
  if (!body) return;

  function formUrl(form) {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) params.delete(k); });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function load(url, push) {
    var partial = url + (url.indexOf("?") >= 0 ? "&" : "?") + "partial=1";
    body.setAttribute("aria-busy", "true");
    fetch(partial, { headers: { "Accept": "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        body.innerHTML = html;
        body.removeAttribute("aria-busy");
        if (push) history.pushState({ parley: true }, "", url);
        wire();
      })
      .catch(function () { window.location.href = url; });
  }

  function wire() {
    var panel = document.querySelector("details.filter-panel");
    if (panel && window.matchMedia("(max-width: 800px)").matches) panel.open = false;  // results first on phones
    var form = document.getElementById("filter-form");
    if (!form) return;
    form.addEventListener("submit", function (e) { e.preventDefault(); load(formUrl(form), true); });
    form.querySelectorAll("select, input[type=date]").forEach(function (el) {
      el.addEventListener("change", function () { load(formUrl(form), true); });
    });
  }

  window.addEventListener("popstate", function () { load(window.location.pathname + window.location.search, false); });

  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || e.ctrlKey || e.metaKey || e.altKey) return;
    var items = Array.from(document.querySelectorAll("li.item"));
    if (!items.length) return;
    var current = document.querySelector("li.item.kbd-current");
    var index = items.indexOf(current);
    if (e.key === "j" || e.key === "k") {
      var next = items[Math.max(0, Math.min(items.length - 1, index + (e.key === "j" ? 1 : -1)))];
      if (current) current.classList.remove("kbd-current");
      next.classList.add("kbd-current");
      next.querySelector("summary").focus();
      e.preventDefault();
    } else if ((e.key === "o") && current) {
      var details = current.querySelector("details");
      details.open = !details.open;
      e.preventDefault();
    }
  });

  wire();
})();
