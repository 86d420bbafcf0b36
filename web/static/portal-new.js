// A tap on the map of the new-request form pins the place: the hidden
// lon/lat fields take it and a marker shows it. Without script the form
// asks for the address alone.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("pin-map");
    if (!el || !window.loketMap) return;
    var lon = document.getElementById("lon"), lat = document.getElementById("lat");
    var said = document.getElementById("pin-chosen");
    loketMap(el).then(function (map) {
      var marker = null;
      function pin(at) {
        lon.value = at.lng.toFixed(6);
        lat.value = at.lat.toFixed(6);
        if (!marker) marker = new maplibregl.Marker().setLngLat(at).addTo(map);
        else marker.setLngLat(at);
        said.textContent = said.dataset.text;
      }
      if (lon.value && lat.value) pin({ lng: parseFloat(lon.value), lat: parseFloat(lat.value) });
      map.on("click", function (ev) { pin(ev.lngLat); });
    });
  });
})();
