// The app's maps (components/hub_map.py): Leaflet through react-leaflet. Leaflet's CSS is bundled
// by the build (imported below), never fetched from a CDN. With a tile server configured
// (HUB_MAP_TILE_URL) the map shows its tiles; without one it draws the bundled basemap of the
// demo area (a GeoJSON file the app itself serves), so the demo and the tests need no internet.
//
// Markers carry their name as a visible label inside the marker, so the label is part of a
// 44 px tap target; shop markers are buttons (Leaflet gives them role=button and a tab stop) that
// open the shop. With `picking`, a tap on the map moves the "pick" marker there and reports it.
import { createElement as h, useEffect, useMemo, useState } from "react";
import * as L from "leaflet";
import { Circle, GeoJSON, MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
import "leaflet/dist/leaflet.css";

const STYLE_ID = "hub-map-style";
const CSS = `
.hub-map { background: #fbfaf7; border-radius: 8px; z-index: 0; }
.hub-map:focus-visible { outline: 2px solid #0d9488; }
.hub-pin { display: flex; align-items: center; min-height: 44px; white-space: nowrap; }
.hub-pin-dot { display: flex; align-items: center; justify-content: center; width: 44px; height: 44px; flex: none; }
.hub-pin-dot::before { content: ""; display: block; width: 16px; height: 16px; border-radius: 50%;
  background: #dc2626; border: 3px solid #fff; box-shadow: 0 0 0 1px #7f1d1d; }
.hub-pin-home .hub-pin-dot::before { width: 20px; height: 20px; border-radius: 4px; background: #0d9488; box-shadow: 0 0 0 1px #134e4a; }
.hub-pin-pick .hub-pin-dot::before { background: #2563eb; box-shadow: 0 0 0 1px #1e3a8a; }
.hub-pin-label { margin-left: -8px; padding: 2px 8px; border-radius: 12px; background: #fff; color: #111;
  font: 600 13px/1.3 system-ui, sans-serif; box-shadow: 0 1px 3px rgba(0,0,0,.35); }
.hub-pin-home .hub-pin-label { background: #ccfbf1; }
.leaflet-marker-icon.hub-pin-shop:focus-visible { outline: 3px solid #0d9488; border-radius: 22px; }
.hub-street-label { color: #6b6255; font: italic 11px/1 system-ui, sans-serif; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff; pointer-events: none; }
.hub-street-label span { display: inline-block; transform: translate(-50%, -50%); }
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

function pinIcon(kind, label) {
  return L.divIcon({
    className: "hub-pin hub-pin-" + kind,
    iconSize: null, // sized by CSS: the dot's 44 px square plus the label
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
        icon: L.divIcon({ className: "hub-street-label", iconSize: null, html: "<span>" + esc(f.properties.name) + "</span>" }),
      }),
  });
}

// Keeps the view on the centre (and the whole circle in sight) when the page's data changes.
function FitView({ lat, lon, radius }) {
  const map = useMap();
  useEffect(() => {
    if (radius > 0) map.fitBounds(L.latLng(lat, lon).toBounds(radius * 2.15));
    else map.setView([lat, lon], Math.max(map.getZoom(), 16));
  }, [map, lat, lon, radius]);
  useEffect(() => {
    // A map that mounts inside a dialog or a tab measures its box once it has one.
    const t = setTimeout(() => map.invalidateSize(), 300);
    return () => clearTimeout(t);
  }, [map]);
  return null;
}

function Picker({ onPick }) {
  useMapEvents({
    click(e) {
      onPick(Math.round(e.latlng.lat * 1e6) / 1e6, Math.round(e.latlng.lng * 1e6) / 1e6);
    },
  });
  return null;
}

function ShopMarker({ m, onOpenShop }) {
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
  const label = m.minutes ? m.name + " · " + m.minutes : m.name;
  return h(Marker, {
    position: [parseFloat(m.lat), parseFloat(m.lon)],
    icon: pinIcon("shop", label),
    title: "Open " + m.name,
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
      { center: [clat, clon], zoom: 16, scrollWheelZoom: false, className: "hub-map", style: { height: "100%", width: "100%" } },
      tileUrl ? h(TileLayer, { url: tileUrl, attribution: attribution || "" }) : h(Basemap, { url: basemapUrl || "/maps/demo-area.geojson" }),
      radius > 0 &&
        h(Circle, {
          center: [clat, clon],
          radius,
          interactive: false,
          pathOptions: { color: "#0d9488", weight: 2, dashArray: "6 6", fillColor: "#14b8a6", fillOpacity: 0.06 },
        }),
      h(FitView, { lat: clat, lon: clon, radius }),
      picking && onPick && h(Picker, { onPick }),
      list.map((m) =>
        m.kind === "shop"
          ? h(ShopMarker, { key: "shop-" + m.id, m, onOpenShop })
          : h(Marker, {
              key: m.kind + "-" + m.id,
              position: [parseFloat(m.lat), parseFloat(m.lon)],
              icon: pinIcon(m.kind, m.name),
              interactive: false,
              keyboard: false,
            }),
      ),
    ),
  );
}
