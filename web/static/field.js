// The field page's map: tickets of the staff layer filtered as the list
// is, the area's outline, a tap on a ticket to find it in the list and a
// tap elsewhere to search around that point. The page works without this
// script: the forms and the list are plain HTML.
(function () {
  "use strict";

  var page = "/werk/terrein";
  var streetZoom = 13; // the tiles show single tickets from zoom 12

  // around is the page for a point, with the radius and filters kept.
  function around(el, lon, lat) {
    var q = new URLSearchParams(el.dataset.filters || "");
    q.set("lon", lon.toFixed(6));
    q.set("lat", lat.toFixed(6));
    if (el.dataset.radius && el.dataset.radius !== "250") q.set("radius", el.dataset.radius);
    return page + "?" + q.toString();
  }

  // fit is the view showing bounds (west, south, east, north) whole in a
  // w × h map, as MapLibre's 512-pixel tiles count zoom. A large
  // neighbourhood would show only aggregates: it opens at street level
  // over its middle (the element's lon, lat), to pan from there.
  function fit(b, w, h) {
    var pad = 24;
    var y = function (lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)); };
    var zx = Math.log2((w - 2 * pad) * 360 / (512 * Math.max(b[2] - b[0], 1e-6)));
    var zy = Math.log2((h - 2 * pad) * 2 * Math.PI / (512 * Math.max(y(b[3]) - y(b[1]), 1e-9)));
    var zoom = Math.min(17, Math.max(streetZoom, Math.min(zx, zy)));
    var mid = Math.atan(Math.sinh((y(b[1]) + y(b[3])) / 2)) * 180 / Math.PI;
    return { zoom: zoom, center: [(b[0] + b[2]) / 2, mid] };
  }

  function show(id) {
    var e = document.getElementById(id);
    if (e) e.hidden = false;
    return e;
  }

  // Paper cannot open a closed history: open them all before printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.field-history").forEach(function (d) { d.open = true; });
  });
  var print = show("field-print");
  if (print) print.addEventListener("click", function () { window.print(); });

  var el = document.getElementById("field-map");
  if (!el || !window.loketMap) return;
  var d = el.dataset;
  // The list is read once, so the map is too: tiles are not fetched again
  // every second as they expire, which spares a phone's data on site.
  var extra = { refreshExpiredTiles: false };
  if (d.bounds) {
    var b = d.bounds.split(",").map(Number);
    var view = fit(b, el.clientWidth, el.clientHeight);
    extra.zoom = view.zoom;
    if (view.zoom > streetZoom) extra.center = view.center;
  }
  if (d.tiles) {
    // The ticket tiles take the list's filters, so the map shows the same tickets.
    extra.transformRequest = function (url, type) {
      if (type === "Tile" && url.indexOf("/tiles/tickets") !== -1) {
        return { url: url + (url.indexOf("?") === -1 ? "?" : "&") + d.tiles };
      }
      return undefined;
    };
  }
  show("field-map-help");

  var pick = document.getElementById("field-pick");
  if (navigator.geolocation && window.isSecureContext) {
    show("field-locate").addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        window.location.href = around(el, p.coords.longitude, p.coords.latitude);
      }, function () {}, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  window.loketMap(el, extra).then(function (map) {
    if (d.area) {
      map.addSource("field-area", { type: "geojson", data: JSON.parse(d.area) });
      map.addLayer({ id: "field-area-line", type: "line", source: "field-area",
        paint: { "line-color": "#1b1f24", "line-width": 2.5, "line-dasharray": [2, 1.5] } }, "ticket-cells");
    }
    if (d.point !== undefined) {
      map.addSource("field-point", { type: "geojson",
        data: { type: "Point", coordinates: [parseFloat(d.lon), parseFloat(d.lat)] } });
      map.addLayer({ id: "field-point", type: "circle", source: "field-point",
        paint: { "circle-radius": 7, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#1b1f24", "circle-stroke-width": 3 } }, "ticket-cells");
    }
    var marker = null;
    map.on("click", function (e) {
      // A finger is wide: look a few pixels around the tap.
      var box = [[e.point.x - 12, e.point.y - 12], [e.point.x + 12, e.point.y + 12]];
      var hit = map.queryRenderedFeatures(box, { layers: ["ticket-points"] })[0];
      var item = hit && document.getElementById("t-" + hit.properties.reference);
      if (item) {
        item.scrollIntoView({ block: "start" });
        item.focus({ preventScroll: true });
        return;
      }
      if (!marker) marker = new maplibregl.Marker({ color: "#0b5cad" });
      marker.setLngLat(e.lngLat).addTo(map);
      pick.href = around(el, e.lngLat.lng, e.lngLat.lat);
      pick.hidden = false;
    });
    map.on("mouseenter", "ticket-points", function () { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", "ticket-points", function () { map.getCanvas().style.cursor = ""; });
  });
})();
