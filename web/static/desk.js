// The desk's live steps. The form works without this script; with it the
// register is searched as the agent types a name, picking the caller fills
// in their address, the categories filter as one types, the map places the
// problem, and the possible duplicates appear in the list and on the map as
// the form changes. The server renders every answer (the same templates as
// the page), so both ways show the same thing.
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  if (!form) return;
  document.documentElement.classList.add("js");

  function $(id) { return document.getElementById(id); }
  var nameIn = $("name"), yearIn = $("birth_year"), emailIn = $("email"), catQ = $("category_q"), cat = $("category"),
    addr = $("address"), lon = $("lon"), lat = $("lat"), point = $("point"), pointText = $("point-text"),
    mapEl = $("desk-map"), suggestions = $("address-suggestions");

  // debounce runs fn once the calls have paused for ms; nothing runs any
  // more once the form is sent (a page on its way out aborts requests).
  var leaving = false, pending = [];
  function debounce(fn, ms) {
    var t;
    pending.push(function () { clearTimeout(t); });
    return function () {
      clearTimeout(t);
      t = setTimeout(function () { if (!leaving) fn(); }, ms);
    };
  }
  form.addEventListener("submit", function () {
    leaving = true;
    pending.forEach(function (cancel) { cancel(); });
  });

  // fold is ticketing.FoldWords: lower case, no accents, words of letters
  // and digits.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // part posts the form (its fields, not its buttons) to one of the desk's
  // partial routes and puts the answer in into. Only the latest answer of
  // each route counts. A session that ended sends the page to sign-in.
  var latest = {};
  function part(url, into) {
    if (leaving) return Promise.resolve(false);
    var n = (latest[url] || 0) + 1;
    latest[url] = n;
    return fetch(url, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (res) {
        if (res.redirected) {
          window.location.assign(res.url);
          return false;
        }
        return res.text().then(function (html) {
          if (latest[url] !== n) return false;
          into.innerHTML = html;
          return true;
        });
      });
  }

  // Step 1: the caller, searched in the register by name.
  function plausibleYear() {
    var y = yearIn.value.trim();
    return y === "" || (/^\d{4}$/.test(y) && +y >= 1880 && +y <= new Date().getFullYear());
  }
  function searchNow() {
    if (nameIn.value.trim().length < 3 || !plausibleYear()) return;
    part("/werk/balie/bellers", $("callers-live"));
  }
  var searchSoon = debounce(searchNow, 350);
  nameIn.addEventListener("input", searchSoon);
  yearIn.addEventListener("input", searchSoon);

  // Picking the caller fills in their address and e-mail, unless the agent
  // typed others.
  var picked = form.querySelector("input[name=resident]:checked");
  var home = { address: picked ? picked.dataset.address : "", email: picked ? picked.dataset.email : "" };
  function pick(radio) {
    if (addr.value.trim() === "" || addr.value === home.address) {
      addr.value = radio.dataset.address || "";
      clearPoint();
    }
    if (emailIn.value.trim() === "" || emailIn.value === home.email) emailIn.value = radio.dataset.email || "";
    home = { address: radio.dataset.address || "", email: radio.dataset.email || "" };
    checkSoon();
  }

  // Step 2: the categories, filtered by words in either language.
  var categories = Array.prototype.slice.call(cat.options, 1).map(function (o) {
    return { value: o.value, text: o.text, words: (o.dataset.words || "").split(" ") };
  });
  function matches(c, query) {
    return query.every(function (q) {
      return c.words.some(function (w) { return w.indexOf(q) === 0 || (q.length >= 4 && w.indexOf(q) >= 0); });
    });
  }
  function filterCategories() {
    var query = fold(catQ.value), current = cat.value;
    var found = categories.filter(function (c) { return matches(c, query); });
    var none = query.length > 0 && found.length === 0;
    $("category-none").hidden = !none;
    var shown = none ? categories : categories.filter(function (c) { return c.value === current || found.indexOf(c) >= 0; });
    while (cat.options.length > 1) cat.remove(1);
    shown.forEach(function (c) { cat.add(new Option(c.text, c.value, false, c.value === current)); });
    if (found.length === 1 && query.length > 0 && current !== found[0].value) {
      cat.value = found[0].value;
      checkSoon();
    }
  }
  catQ.addEventListener("input", filterCategories);

  // Step 3: the place, as an address (with the geocoder's suggestions) or
  // a point on the map.
  function clearPoint() {
    lon.value = "";
    lat.value = "";
    point.hidden = true;
  }
  $("point-clear").addEventListener("click", function () {
    clearPoint();
    checkSoon();
    addr.focus();
  });
  var suggest = debounce(function () {
    var q = addr.value.trim();
    if (q.length < 3 || q.length > 200 || fold(q).join("").search(/[a-z0-9]/) < 0) return;
    fetch("/api/geocode?limit=5&q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.json() : { candidates: [] }; })
      .then(function (body) {
        suggestions.replaceChildren.apply(suggestions, (body.candidates || []).filter(function (c) { return c.street_nl; })
          .map(function (c) {
            var label = c.street_nl + (c.house_number ? " " + c.house_number : "") + (c.box ? " bus " + c.box : "") +
              (c.postcode ? ", " + c.postcode : "");
            return new Option(label);
          }));
      });
  }, 300);
  addr.addEventListener("input", function () {
    clearPoint();
    suggest();
    checkSoon();
  });

  // Step 4: the possible duplicates, in the list and on the map.
  var map = null, placeMarker = null, dupMarkers = [];
  function checkNow() {
    part("/werk/balie/controle", $("check-live")).then(function (fresh) { if (fresh) drawCheck(); });
  }
  var checkSoon = debounce(checkNow, 400);

  function setPoint(at) {
    lon.value = at.lng.toFixed(6);
    lat.value = at.lat.toFixed(6);
    pointText.textContent = lat.value + ", " + lon.value;
    point.hidden = false;
    checkSoon();
  }

  // drawCheck shows the place and the candidates of the check on the map;
  // data-idle on the map says when it has drawn them (browser tests wait
  // for it).
  function drawCheck() {
    if (!map) return;
    mapEl.dataset.idle = "false";
    map.once("idle", function () { mapEl.dataset.idle = "true"; });
    map.triggerRepaint();
    dupMarkers.forEach(function (m) { m.remove(); });
    dupMarkers = [];
    var check = $("check");
    if (!check || !check.dataset.lon) {
      placeMarker.remove();
      return;
    }
    var here = [parseFloat(check.dataset.lon), parseFloat(check.dataset.lat)];
    placeMarker.setLngLat(here).addTo(map);
    var bounds = new maplibregl.LngLatBounds(here, here);
    check.querySelectorAll("li.dup[data-lon]").forEach(function (li) {
      var el = document.createElement("div");
      el.className = "desk-marker";
      el.textContent = li.querySelector(".dup-n").textContent;
      el.dataset.ref = li.dataset.ref;
      el.title = li.dataset.ref;
      var at = [parseFloat(li.dataset.lon), parseFloat(li.dataset.lat)];
      dupMarkers.push(new maplibregl.Marker({ element: el }).setLngLat(at).addTo(map));
      bounds.extend(at);
    });
    // A jump, not a flight: a flight fetches tiles on the way only to drop them.
    map.fitBounds(bounds, { padding: 60, maxZoom: 17, animate: false });
  }

  if (mapEl && window.loketMap) {
    mapEl.hidden = false;
    $("map-help").hidden = false;
    // The tiles say they expire within a second; the desk has no need to
    // fetch them again and again while the agent talks.
    window.loketMap(mapEl, { refreshExpiredTiles: false }).then(function (m) {
      map = m;
      var el = document.createElement("div");
      el.className = "place-marker";
      placeMarker = new maplibregl.Marker({ element: el, draggable: true });
      placeMarker.on("dragend", function () { setPoint(placeMarker.getLngLat()); });
      m.on("click", function (e) { setPoint(e.lngLat); });
      drawCheck();
    });
  }

  form.addEventListener("change", function (e) {
    var t = e.target;
    if (t.name === "resident") pick(t);
    else if (t === cat || t === emailIn || t.id === "description") checkSoon();
  });

  // Enter in a field runs that field's step instead of the form's first
  // button.
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "Enter" || t.tagName !== "INPUT" || t.type === "radio") return;
    e.preventDefault();
    if (t === nameIn || t === yearIn) searchNow();
    else if (t === catQ) filterCategories();
    else checkNow();
  });
})();
