// The SPARQL editor: syntax highlighting and checking on the query page's text area (Yasqe,
// from @zazuko/yasgui, served by this server). Only the variable autocompleter is kept: the
// others fetch prefix and vocabulary lists from the internet, and Parley makes no outbound
// requests. The form still submits to the server, which renders the results.
(function () {
  "use strict";
  var area = document.getElementById("query-text");
  if (!area || !window.Yasgui || !window.Yasgui.Yasqe) return;
  var Yasqe = window.Yasgui.Yasqe;
  var editor = Yasqe.fromTextArea(area, {
    autocompleters: ["variables"],
    persistenceId: null,
    showQueryButton: false,
    resizeable: true,
    requestConfig: { endpoint: area.form.getAttribute("data-endpoint") }
  });
  area.form.addEventListener("submit", function () { editor.save(); });
  document.documentElement.classList.add("has-editor");
})();
