/* newsetl sample site: China Daily-style page script (invented) */
window.cdAds = { render: function (slot, opts) { /* ads are not loaded in the sample site */ } };
