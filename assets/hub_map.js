// The app's maps (components/hub_map.py): Leaflet through react-leaflet. Leaflet's CSS is bundled
// by the app (assets/vendor/leaflet.css), never fetched from a CDN. With a tile server configured
// (HUB_MAP_TILE_URL) the map shows its tiles; without one it draws the bundled basemap of the
// demo area (a GeoJSON file the app itself serves), so the demo and the tests need no internet.
//
// A marker is a 44 px tap target with its name as a visible label beside it (part of the marker,
// so tapping the name counts); shop markers are buttons (Leaflet gives them role=button and a tab
// stop) that open the shop. With `picking`, a tap on the map reports the place (on_pick) and the
// page moves its "pick" marker there.
import { createElement as h, useEffect, useMemo, useState } from "react";
import * as L from "leaflet";
import { Circle, GeoJSON, MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
// Leaflet's CSS is assets/vendor/leaflet.css, linked from every page by the app (see that file for why).

const STYLE_ID = "hub-map-style";
const CSS = `
.hub-map { background: #fbfaf7; border-radius: 8px; z-index: 0; }
.hub-map:focus-visible { outline: 2px solid #0d9488; }
.hub-map.hub-picking { cursor: crosshair; }
.hub-map.hub-picking:focus-visible::after { content: "+"; position: absolute; left: 50%; top: 50%; z-index: 800;
  transform: translate(-50%, -50%); font: 300 36px/1 system-ui, sans-serif; color: #1e3a8a; pointer-events: none; }
.hub-pin-dot { display: flex; align-items: center; justify-content: center; width: 44px; height: 44px; }
.hub-pin-dot::before { content: ""; display: block; width: 16px; height: 16px; border-radius: 50%;
  background: #dc2626; border: 3px solid #fff; box-shadow: 0 0 0 1px #7f1d1d; }
.hub-pin-home .hub-pin-dot::before { width: 20px; height: 20px; border-radius: 4px; background: #0d9488; box-shadow: 0 0 0 1px #134e4a; }
.hub-pin-pick .hub-pin-dot::before { background: #2563eb; box-shadow: 0 0 0 1px #1e3a8a; }
.hub-pin-label { position: absolute; top: 50%; left: 34px; transform: translateY(-50%); white-space: nowrap;
  min-height: 28px; display: flex; align-items: center; padding: 0 8px; border-radius: 14px; background: #fff;
  color: #111; font: 600 13px/1.2 system-ui, sans-serif; box-shadow: 0 1px 3px rgba(0,0,0,.35); }
.hub-pin-left .hub-pin-label { left: auto; right: 34px; }
.hub-pin-below .hub-pin-label { top: 36px; left: 50%; transform: translateX(-50%); }
.hub-pin-above .hub-pin-label { top: auto; bottom: 36px; left: 50%; transform: translateX(-50%); }
.hub-pin-home .hub-pin-label { background: #ccfbf1; }
.leaflet-marker-icon.hub-pin-shop:focus-visible { outline: 3px solid #0d9488; border-radius: 22px; }
.hub-street-label { color: #6b6255; font: italic 11px/1 system-ui, sans-serif; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff; pointer-events: none; }
.hub-street-label span { display: inline-block; transform: translate(-50%, -50%); }
.hub-street-label.hub-along-ns span { transform: translate(-50%, -50%) rotate(-90deg); }
`;

function ensureStyle() {
  if (typeof document === "undefined" || document.getElementById(STYLE_ID)) return;
  const el = document.createElement("style");
  el.id = STYLE_ID;
  el.textContent = CSS;
  document.head.appendChild(el);
}

// Names come from shops and applicants: they go into the marker's HTML escaped.
function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The marker is the dot's 44 px square; its label hangs beside it (labelSides says where), and a
// tap on the label counts as a tap on the marker.
// Icons are cached so a pan does not rebuild a marker (a keyboard user keeps the focus).
const ICONS = new Map();
function pinIcon(kind, label, side) {
  const key = kind + "|" + side + "|" + label;
  if (!ICONS.has(key)) ICONS.set(key, makeIcon(kind, label, side));
  return ICONS.get(key);
}

function makeIcon(kind, label, side) {
  return L.divIcon({
    className: "hub-pin hub-pin-" + kind + " hub-pin-" + side,
    iconSize: [44, 44],
    iconAnchor: [22, 22], // the dot's centre is the place
    html: '<span class="hub-pin-dot" aria-hidden="true"></span><span class="hub-pin-label">' + esc(label) + "</span>",
  });
}

const BASEMAP_STYLE = {
  block: { stroke: true, color: "#d9d2c5", weight: 1, fillColor: "#ece7de", fillOpacity: 1 },
  park: { stroke: true, color: "#a7cf98", weight: 1, fillColor: "#cde7c0", fillOpacity: 1 },
  water: { stroke: false, fillColor: "#aad3df", fillOpacity: 1 },
};

function Basemap({ url }) {
  const [data, setData] = useState(null);
  useEffect(() => {
    let live = true;
    fetch(url)
      .then((r) => (r.ok ? r.json() : null))
      .then((d) => live && setData(d))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [url]);
  if (!data) return null;
  return h(GeoJSON, {
    data,
    interactive: false,
    attribution: "Demo basemap drawn for this demo",
    style: (f) => BASEMAP_STYLE[f.properties.kind] || BASEMAP_STYLE.block,
    pointToLayer: (f, latlng) =>
      L.marker(latlng, {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: "hub-street-label" + (f.properties.along === "ns" ? " hub-along-ns" : ""),
          iconSize: null,
          html: "<span>" + esc(f.properties.name) + "</span>",
        }),
      }),
  });
}

// Keeps the view on the centre (and the whole circle in sight) when the page's data changes, and
// again when the map's box changes size (it mounts before the page's layout, in dialogs too).
// Without a circle, every marker is kept in sight (the admin sees the pick and the community).
function FitView({ lat, lon, radius, points }) {
  const map = useMap();
  useEffect(() => {
    const fit = () => {
      map.invalidateSize();
      const spots = JSON.parse(points);
      // No animation: the view is final at once, so the labels are laid out on the final positions.
      if (radius > 0) map.fitBounds(L.latLng(lat, lon).toBounds(radius * 2.1), { animate: false });
      else if (spots.length > 1) map.fitBounds(spots, { padding: [70, 50], maxZoom: 17, animate: false });
      else map.setView([lat, lon], Math.max(map.getZoom(), 16), { animate: false });
    };
    fit();
    if (typeof ResizeObserver === "undefined") return undefined;
    let last = "";
    const watch = new ResizeObserver((entries) => {
      const box = entries[0].contentRect;
      const size = Math.round(box.width) + "x" + Math.round(box.height);
      if (size !== last && box.width > 0) {
        last = size;
        fit();
      }
    });
    watch.observe(map.getContainer());
    return () => watch.disconnect();
  }, [map, lat, lon, radius, points]);
  return null;
}

// A tap puts the place there; with a keyboard, the arrow keys move the map and Enter puts the
// place at its centre (marked by a cross while the map has the focus).
function Picker({ onPick }) {
  const pick = (ll) => onPick(Math.round(ll.lat * 1e6) / 1e6, Math.round(ll.lng * 1e6) / 1e6);
  const map = useMapEvents({
    click: (e) => pick(e.latlng),
    keypress: (e) => {
      if (e.originalEvent && e.originalEvent.key === "Enter") pick(map.getCenter());
    },
  });
  return null;
}

// Where each label goes: of its four sides, the one that covers least of the labels already placed
// and of every marker's dot, and leaves least of itself outside the map (ties: the first listed).
// Shops choose first, nearest first; the community's label goes where room is left.
const SIDES = { home: ["below", "left", "right", "above"], other: ["right", "left", "below", "above"] };
let measurer = null;
function textWidth(text) {
  measurer = measurer || document.createElement("canvas").getContext("2d");
  measurer.font = "600 13px system-ui, sans-serif";
  return measurer.measureText(String(text)).width + 16;
}

function labelRect(side, x, y, w) {
  if (side === "right") return [x + 12, y - 14, x + 12 + w, y + 14];
  if (side === "left") return [x - 12 - w, y - 14, x - 12, y + 14];
  if (side === "below") return [x - w / 2, y + 14, x + w / 2, y + 42];
  return [x - w / 2, y - 42, x + w / 2, y - 14];
}

function shared(a, b) {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

function labelSides(map, list) {
  const size = map.getSize();
  const inside = [0, 0, size.x, size.y];
  const points = list.map((m) => map.latLngToContainerPoint([parseFloat(m.lat), parseFloat(m.lon)]));
  const dots = points.map((p) => [p.x - 11, p.y - 11, p.x + 11, p.y + 11]);
  const placed = [];
  const sides = new Array(list.length);
  const order = list.map((m, i) => i).sort((a, b) => (list[a].kind === "home") - (list[b].kind === "home"));
  for (const i of order) {
    const { x, y } = points[i];
    const w = textWidth(list[i].name);
    const blocks = placed.concat(dots.filter((_, j) => j !== i));
    let best = null;
    for (const side of SIDES[list[i].kind === "home" ? "home" : "other"]) {
      const r = labelRect(side, x, y, w);
      const cost = blocks.reduce((sum, b) => sum + shared(r, b), 0) + (w * 28 - shared(r, inside)) * 2;
      if (best === null || cost < best.cost) best = { side, cost, r };
    }
    sides[i] = best.side;
    placed.push(best.r);
  }
  return sides;
}

// The markers, laid out again after every zoom, pan or resize (which side each label goes).
function Markers({ list, onOpenShop }) {
  const [, setTick] = useState(0);
  const again = () => setTick((t) => t + 1);
  const map = useMapEvents({ zoomend: again, moveend: again, resize: again, viewreset: again });
  // The first fit may run before these listeners exist: lay the labels out again once mounted.
  useEffect(again, [map]);
  const sides = labelSides(map, list);
  return list.map((m, i) => {
    const side = sides[i];
    return m.kind === "shop"
      ? h(ShopMarker, { key: "shop-" + m.id, m, side, onOpenShop })
      : h(Marker, {
          key: m.kind + "-" + m.id,
          position: [parseFloat(m.lat), parseFloat(m.lon)],
          icon: pinIcon(m.kind, m.name, side),
          interactive: false,
          keyboard: false,
        });
  });
}

function ShopMarker({ m, side, onOpenShop }) {
  const handlers = useMemo(
    () => ({
      click: () => onOpenShop && onOpenShop(m.id),
      keypress: (e) => {
        const key = e.originalEvent && e.originalEvent.key;
        if ((key === "Enter" || key === " ") && onOpenShop) onOpenShop(m.id);
      },
    }),
    [m.id, onOpenShop],
  );
  return h(Marker, {
    position: [parseFloat(m.lat), parseFloat(m.lon)],
    icon: pinIcon("shop", m.name, side),
    title: "Open " + m.name + (m.minutes ? " (" + m.minutes + " walk)" : ""),
    keyboard: true,
    riseOnHover: true,
    eventHandlers: handlers,
  });
}

export function HubMap(props) {
  const { lat, lon, radiusM, markers, tileUrl, attribution, basemapUrl, picking, onOpenShop, onPick, label, className, id } = props;
  ensureStyle();
  const clat = parseFloat(lat) || 0;
  const clon = parseFloat(lon) || 0;
  const radius = parseFloat(radiusM) || 0;
  const list = markers || [];
  return h(
    "div",
    { className, id, role: "region", "aria-label": label || "Map", "data-basemap": tileUrl ? "tiles" : "bundled" },
    h(
      MapContainer,
      {
        center: [clat, clon],
        zoom: 16,
        zoomSnap: 0.5, // the circle fills the box more closely than whole zoom levels allow
        scrollWheelZoom: false, // the page scrolls; the map zooms with its buttons or two fingers
        className: picking ? "hub-map hub-picking" : "hub-map",
        style: { height: "100%", width: "100%" },
      },
      tileUrl ? h(TileLayer, { url: tileUrl, attribution: attribution || "" }) : h(Basemap, { url: basemapUrl || "/maps/demo-area.geojson" }),
      radius > 0 &&
        h(Circle, {
          center: [clat, clon],
          radius,
          interactive: false,
          pathOptions: { color: "#0d9488", weight: 2, dashArray: "6 6", fillColor: "#14b8a6", fillOpacity: 0.06 },
        }),
      h(Markers, { list, onOpenShop }), // before FitView, so its listeners see the first fit
      h(FitView, { lat: clat, lon: clon, radius, points: radius > 0 ? "[]" : JSON.stringify(list.map((m) => [parseFloat(m.lat), parseFloat(m.lon)])) }),
      picking && onPick && h(Picker, { onPick }),
    ),
  );
}
