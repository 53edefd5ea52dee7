// The search page's one script of its own: it starts Pagefind's interface
// (pagefind-ui.js, loaded just before) in #search, speaking the words the
// page carries from the catalogs. Pagefind picks the index of the page's
// <html lang>. Without JavaScript none of this runs, and the page's links
// to every listing are the way in. The plugin publishes this file only on a
// site with search (plugins/campaign/search.py).
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI !== "function") {
    return;
  }
  var words = {};
  try {
    words = JSON.parse(box.getAttribute("data-words") || "{}");
  } catch (error) {
    words = {};
  }
  new window.PagefindUI({
    element: "#search",
    showImages: false,
    showSubResults: false,
    translations: words,
  });
  // Pagefind names its box by a title alone; a visible label names it for
  // everyone, and a tap on it reaches the box.
  var label = document.getElementById("search-label");
  function name(input) {
    input.id = "search-input";
    label.htmlFor = input.id;
    label.hidden = false;
  }
  var input = box.querySelector("input[type=text], input[type=search]");
  if (label && input) {
    name(input);
  } else if (label && window.MutationObserver) {
    var watch = new MutationObserver(function () {
      var found = box.querySelector("input[type=text], input[type=search]");
      if (found) {
        watch.disconnect();
        name(found);
      }
    });
    watch.observe(box, { childList: true, subtree: true });
  }
})();
