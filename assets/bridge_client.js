// The kiosk page's link to the local hardware bridge (hardware_bridge/PROTOCOL.md).
// A React hook owns one websocket: it reconnects with backoff, resumes with ?since=<last seq>,
// treats a silent bridge as dead, hands every message to the server (onMessage) and sends the
// actions the server asks for (the `command` prop, a JSON envelope with a fresh id each time).
// It also shows device status, discreetly, in a corner.
import { createElement, useEffect, useRef, useState } from "react";

// English; the page passes `labels` in the reader's language (components/bridge_client.py).
const LABELS = { scanner: "Scanner", card_reader: "Card reader", payment_terminal: "Terminal", camera: "Camera",
                 devices: "Devices", offline: "Devices offline", sim: "(sim)" };

function storageKey(url) {
  return "hub-bridge:" + url;
}

function loadCursor(url) {
  try {
    return JSON.parse(window.sessionStorage.getItem(storageKey(url)) || "null") || { seq: null, boot: null };
  } catch (e) {
    return { seq: null, boot: null };
  }
}

function saveCursor(url, cursor) {
  try {
    window.sessionStorage.setItem(storageKey(url), JSON.stringify(cursor));
  } catch (e) {
    /* private mode: resume from the live stream only */
  }
}

export function useBridge(url, token, onMessage, command) {
  const [link, setLink] = useState("connecting");
  const [devices, setDevices] = useState({});
  const sock = useRef(null);
  const handler = useRef(onMessage);
  const pending = useRef([]);
  handler.current = onMessage;

  useEffect(() => {
    if (!url || !token) return undefined;
    let stopped = false;
    let retry = 0;
    let timer = null;
    let watchdog = null;
    let pingInterval = 20;
    const cursor = loadCursor(url);

    const deliver = (msg) => {
      if (handler.current) handler.current(JSON.stringify(msg));
    };
    const armWatchdog = (ws) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => ws.close(), pingInterval * 2000 + 1000);
    };
    const connect = () => {
      if (stopped) return;
      const q = "?token=" + encodeURIComponent(token) + (cursor.seq !== null ? "&since=" + cursor.seq : "");
      const ws = new WebSocket(url + q);
      sock.current = ws;
      setLink("connecting");
      ws.onopen = () => {
        retry = 0;
        armWatchdog(ws);
      };
      ws.onmessage = (ev) => {
        armWatchdog(ws);
        let msg;
        try {
          msg = JSON.parse(ev.data);
        } catch (e) {
          return;
        }
        if (msg.type === "ping") {
          ws.send(JSON.stringify({ v: 1, id: "p" + Date.now(), type: "pong", device: null, data: { ref: msg.id } }));
          return;
        }
        if (msg.type === "hello") {
          const d = msg.data || {};
          pingInterval = d.ping_interval || 20;
          const restarted = cursor.boot !== null && cursor.boot !== d.boot_id;
          const complete = !d.replay || d.replay.complete !== false;
          if (restarted || !complete || cursor.seq === null) cursor.seq = d.seq;
          cursor.boot = d.boot_id;
          saveCursor(url, cursor);
          const devs = {};
          (d.devices || []).forEach((x) => { devs[x.id] = x; });
          setDevices(devs);
          setLink("connected");
          msg.data.restarted = restarted;
          deliver(msg);
          const queued = pending.current.splice(0);
          queued.forEach((c) => ws.send(c));
          return;
        }
        if (msg.seq > 0) {
          if (cursor.seq !== null && msg.seq <= cursor.seq) return; // already handled
          cursor.seq = msg.seq;
          saveCursor(url, cursor);
        }
        if (msg.type === "device.status") {
          setDevices((old) => ({ ...old, [msg.device]: { ...(old[msg.device] || {}), id: msg.device, ...msg.data } }));
        }
        deliver(msg);
      };
      ws.onclose = () => {
        clearTimeout(watchdog);
        if (sock.current === ws) sock.current = null;
        if (stopped) return;
        setLink("disconnected");
        deliver({ v: 1, type: "bridge.down", seq: 0, device: null, data: {} });
        const delay = Math.min(5000, 250 * Math.pow(2, retry++));
        timer = setTimeout(connect, delay);
      };
      ws.onerror = () => { /* onclose follows and retries */ };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(watchdog);
      if (sock.current) sock.current.close();
    };
  }, [url, token]);

  useEffect(() => {
    if (!command) return;
    const ws = sock.current;
    if (ws && ws.readyState === 1) ws.send(command);
    else pending.current.push(command);
  }, [command]);

  return { link, devices };
}

export function BridgeClient({ url, token, onMessage, command, labels }) {
  const { link, devices } = useBridge(url, token, onMessage, command);
  const say = (key, fallback) => (labels && labels[key]) || LABELS[key] || fallback;
  const dot = (ok) => createElement("span", {
    style: { display: "inline-block", width: 10, height: 10, borderRadius: 5, marginRight: 6,
             background: ok ? "#2f9e44" : "#e8590c" },
  });
  const items = [createElement("span", { key: "link", "data-status": link, id: "bridge-link",
                                         style: { marginRight: 14 } }, dot(link === "connected"),
                               link === "connected" ? say("devices") : say("offline"))];
  if (link === "connected") {
    Object.values(devices).forEach((d) => {
      items.push(createElement("span", { key: d.id, id: "device-" + d.id, "data-status": d.status,
                                         style: { marginRight: 14 } },
        dot(d.status === "connected"), say(d.kind, d.id) + (d.simulated ? " " + say("sim") : "")
          + (d.status === "connected" ? "" : " " + say(d.status, d.status))));
    });
  }
  return createElement("div", {
    id: "bridge-status",
    style: { position: "fixed", right: 12, bottom: 8, fontSize: 14, color: "#555",
             pointerEvents: "none", zIndex: 10 },
  }, items);
}
