// resvcs: keep pages current without losing what someone is typing.
// Without this script every page and form works; it only refreshes the parts of a
// page marked data-live when the repository changes (server-sent events).
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-live-events");
  if (!url || !window.EventSource) return;

  function dirty(region) {
    var fields = region.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden") continue;
      if (f.type === "checkbox" ? f.checked !== f.defaultChecked : f.value !== f.defaultValue) return true;
    }
    return region.contains(document.activeElement) && document.activeElement !== region;
  }

  function formsDirty() {
    var forms = document.querySelectorAll("main form");
    for (var i = 0; i < forms.length; i++) if (dirty(forms[i])) return true;
    return false;
  }

  function refresh(head) {
    // X-Resvcs-Live: a refresh in the background leaves the session alone, so that a
    // message meant for the page being loaded (after a form was sent) is not taken.
    fetch(location.href, {
      credentials: "same-origin",
      headers: { "Accept": "text/html", "X-Resvcs-Live": "1" }
    })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var kept = false;
        document.querySelectorAll("[data-live][id]").forEach(function (old) {
          var next = fresh.getElementById(old.id);
          if (!next) return;
          if (dirty(old)) { kept = true; return; }
          old.replaceWith(document.importNode(next, true));
        });
        var version = fresh.querySelector(".doc-version");
        var mine = document.querySelector(".doc-version");
        if (version && mine) mine.textContent = version.textContent;
        body.setAttribute("data-head", head);
        var banner = document.getElementById("live-banner");
        if (kept || formsDirty()) {
          banner.hidden = false;
          banner.querySelector(".kept").hidden = false;
        }
        document.dispatchEvent(new CustomEvent("resvcs:updated", { detail: head }));
      });
  }

  var source = new EventSource(url + "?since=" + encodeURIComponent(body.getAttribute("data-head") || ""));
  source.addEventListener("change", function (e) {
    if (e.data && e.data !== body.getAttribute("data-head")) refresh(e.data);
  });
  source.addEventListener("open", function () { body.setAttribute("data-live-open", "1"); });
})();
