// loketMap draws a MapLibre map over Loket's own vector tiles (the style
// at /tiles/style.json) in el, and returns a promise of the map once its
// style has loaded. The element's data attributes set the view:
//   data-lon, data-lat, data-zoom  the centre and zoom (default: the city)
//   data-staff                     exact points of the staff layer
//   data-hotspots="off"            hide the hotspot hexagons
// Pages load /static/vendor/maplibre-gl/maplibre-gl-csp.js first.
(function () {
  "use strict";
  maplibregl.setWorkerUrl("/static/vendor/maplibre-gl/maplibre-gl-csp-worker.js");

  function staffStyle(style) {
    // The staff layer has the same shape under its own name.
    style.sources.tickets.url = style.sources.tickets.url.replace("/tickets.json", "/tickets_staff.json");
    style.layers.forEach(function (l) {
      if (l.source === "tickets") l["source-layer"] = "tickets_staff";
    });
    return style;
  }

  window.loketMap = function (el, extra) {
    var d = el.dataset;
    return fetch("/tiles/style.json", { credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) throw new Error("the map style answered " + res.status);
        return res.json();
      })
      .then(function (style) {
        if (d.staff !== undefined) style = staffStyle(style);
        if (d.hotspots === "off") {
          style.layers = style.layers.filter(function (l) { return l.source !== "hotspots"; });
          delete style.sources.hotspots;
        }
        var map = new maplibregl.Map(Object.assign({
          container: el,
          style: style,
          center: [parseFloat(d.lon || "3.2649"), parseFloat(d.lat || "50.8279")],
          zoom: parseFloat(d.zoom || "12"),
          attributionControl: { compact: true, customAttribution: "Loket" },
          // Tiles say max-age=1 so a reload shows the newest tickets; a map
          // left open should not fetch every tile again each second.
          refreshExpiredTiles: false
        }, extra || {}));
        map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
        return new Promise(function (resolve) {
          map.on("load", function () {
            el.loketMap = map;
            el.dataset.ready = "true"; // browser tests wait for this
            resolve(map);
          });
        });
      });
  };
})();
