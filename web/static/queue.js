// The staff ticket page's enhancements; every form works without them.
//  - the map centres on the ticket and rings it, and keeps its tiles;
//  - a public reply asks in a dialog before it goes out, instead of the
//    server's confirmation step (the server still wants the box ticked).
(function () {
  "use strict";

  var el = document.getElementById("ticket-map");
  if (el && window.loketMap) {
    // The view is of one ticket at one moment: its tiles need no refresh
    // every second, and a form posted while one reloads would cut it off.
    window.loketMap(el, { refreshExpiredTiles: false }).then(function (map) {
      var point = { type: "Feature", geometry: { type: "Point", coordinates: [parseFloat(el.dataset.lon), parseFloat(el.dataset.lat)] }, properties: {} };
      map.addSource("this-ticket", { type: "geojson", data: point });
      map.addLayer({ id: "this-ticket-ring", type: "circle", source: "this-ticket",
        paint: { "circle-radius": 16, "circle-color": "rgba(0,0,0,0)", "circle-stroke-width": 4, "circle-stroke-color": "#a4161a" } });
      map.addLayer({ id: "this-ticket", type: "circle", source: "this-ticket",
        paint: { "circle-radius": 8, "circle-color": "#a4161a", "circle-stroke-width": 2, "circle-stroke-color": "#ffffff" } });
    }).catch(function (err) {
      el.textContent = err.message;
    });
  }

  document.querySelectorAll("form.reply-form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      var box = form.querySelector("input[name=confirm]");
      if (box.checked) return;
      if (window.confirm(form.dataset.confirm)) {
        box.checked = true;
      } else {
        ev.preventDefault();
      }
    });
  });
})();
