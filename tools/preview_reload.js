// Live preview only: tools/preview_server.py serves this file and adds it to
// the pages it serves (the site itself ships no JavaScript). When the preview
// rewrites this page, or the problems shown at its top change, reload it.
(function () {
  "use strict";
  var script = document.currentScript;
  var here = location.pathname.replace(/index\.html$/, "");
  // What the preview had written when it served this page: every change
  // since then is sent, even one made before this script ran.
  var since = "?since=" + encodeURIComponent(script.dataset.since) + "&run=" + encodeURIComponent(script.dataset.run);
  var source = new EventSource("/__preview/events" + since);
  source.onmessage = function (event) {
    var changed = JSON.parse(event.data);
    if (changed.indexOf("*") !== -1 || changed.indexOf(here) !== -1) {
      source.close();
      location.reload();
    }
  };
})();
