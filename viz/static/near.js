// /near: draw the listed places on linkwork's own district outlines (no tile server; nothing leaves this server).
(function () {
  "use strict";
  var el = document.getElementById("map");
  var data = JSON.parse(document.getElementById("map-data").textContent);
  if (!el || !data.points.length) { if (el) { el.remove(); } return; }
  var map = L.map(el, { attributionControl: false });
  map.fitBounds(data.points.map(function (p) { return p.point; }), { padding: [20, 20], maxZoom: 13 });  // a view first
  if (data.outlines) {
    L.geoJSON(data.outlines, { style: { color: "#4a4a4a", weight: 1, fillColor: "#f3f5f7", fillOpacity: 1 } }).addTo(map);
  }
  var colours = { meeting: "#0b4f8a", service: "#1d6b2f", asset: "#6b4e00" };
  data.points.forEach(function (p) {
    var m = L.circleMarker(p.point, { radius: p.area_only ? 10 : 6, color: colours[p.kind] || "#1b1b1b",
                                      dashArray: p.area_only ? "4" : null, weight: 2, fillOpacity: 0.7 });
    m.bindTooltip(p.label + (p.area_only ? " (area only)" : ""));
    m.addTo(map);
  });
})();
