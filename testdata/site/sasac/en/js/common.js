/* newsetl sample site: SASAC-style page script (invented, does nothing important) */
function addFavorite() { try { window.external.addFavorite(location.href, document.title); } catch (e) { alert("Press Ctrl+D to bookmark this page."); } }
function checkSearch(form) { return form.q.value.replace(/\s+/g, "") !== ""; }
function setFont(size) { var c = document.querySelector(".article-content"); if (c) { c.style.fontSize = size + "px"; } }
function share(target) { window.open("/sasac/en/share.html?to=" + target + "&url=" + encodeURIComponent(location.href)); }
