// newsetl serve: a box with the publication of the point under the pointer
// (each chart marker carries it in data-label; its SVG <title> says the
// same without this script). Served from the binary; no other script runs.
(function () {
  "use strict";
  var tip = null;
  function show(ev) {
    var c = ev.target;
    if (!c.getAttribute || !c.getAttribute("data-label")) { return; }
    var fig = c.closest("figure.chart");
    if (!fig) { return; }
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "tip";
    }
    fig.appendChild(tip);
    var b = fig.getBoundingClientRect(), r = c.getBoundingClientRect();
    tip.textContent = c.getAttribute("data-label");
    tip.style.left = (r.left - b.left + 12) + "px";
    tip.style.top = (r.top - b.top + 12) + "px";
    tip.style.display = "block";
  }
  function hide() { if (tip) { tip.style.display = "none"; } }
  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
  document.addEventListener("mouseout", hide);
  document.addEventListener("focusout", hide);
})();
