// The managers' dashboard, enhanced: the hot spot map gets edges that tell
// hot from cold without colour and the clusters' outlines, and the season
// section, slow to compute, is fetched in place of its link. Without this
// script the page shows every figure and links to the season section.
(function () {
  "use strict";

  // Edges of the hot spot hexagons: solid for hot, dashed for cold, the
  // thicker the more certain (bins ±1, ±2, ±3).
  function addHotspotEdges(map) {
    var width = ["match", ["abs", ["get", "bin"]], 3, 3, 2, 2, 1];
    map.addLayer({ id: "hotspot-hot-edges", type: "line", source: "hotspots", "source-layer": "hotspots",
      filter: [">", ["get", "bin"], 0], paint: { "line-color": "#67001f", "line-width": width } });
    map.addLayer({ id: "hotspot-cold-edges", type: "line", source: "hotspots", "source-layer": "hotspots",
      filter: ["<", ["get", "bin"], 0], paint: { "line-color": "#053061", "line-width": width, "line-dasharray": [2, 1.5] } });
  }

  function addClusters(map) {
    var data = document.getElementById("dash-clusters");
    if (!data) return;
    map.addSource("clusters", { type: "geojson", data: JSON.parse(data.textContent) });
    map.addLayer({ id: "clusters-fill", type: "fill", source: "clusters",
      paint: { "fill-color": "#6a3d9a", "fill-opacity": 0.12 } });
    map.addLayer({ id: "clusters", type: "line", source: "clusters",
      paint: { "line-color": "#6a3d9a", "line-width": 2.5 } });
  }

  var el = document.getElementById("dash-map");
  if (el && window.loketMap) {
    // The tiles expire after a second; re-requesting them all the time
    // would keep the map from ever being loaded on a slow machine, and the
    // page is a snapshot anyway.
    window.loketMap(el, { refreshExpiredTiles: false }).then(function (map) {
      // The dashboard's map is about hot spots: the tickets and the
      // neighbourhoods' shading would hide them.
      ["neighbourhoods", "ticket-cells", "ticket-points"].forEach(function (id) {
        if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", "none");
      });
      addHotspotEdges(map);
      addClusters(map);
    });
  }

  var lazy = document.querySelector("[data-lazy]");
  if (lazy && window.fetch && window.DOMParser) {
    var status = document.createElement("p");
    status.className = "help";
    status.setAttribute("role", "status");
    status.textContent = lazy.dataset.loading;
    lazy.setAttribute("aria-busy", "true");
    lazy.appendChild(status);
    fetch(lazy.dataset.lazy, { credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) throw new Error("the season section answered " + res.status);
        return res.text();
      })
      .then(function (html) {
        var section = new DOMParser().parseFromString(html, "text/html").getElementById("season");
        if (!section) throw new Error("the answer has no season section");
        lazy.replaceWith(document.importNode(section, true));
      })
      .catch(function () {
        status.textContent = lazy.dataset.failed;
        lazy.removeAttribute("aria-busy");
      });
  }
})();
