/* On every page (linked from community_hub/app.py): registers the service worker (assets/sw.js),
 * hands it a copy of the resident's orders, bills, notices and member card as last rendered, shows
 * an offline banner while the server cannot be reached and refuses actions taken meanwhile.
 *
 * Why the page hands over its copy: Reflex pages render their data over the websocket, so the
 * HTML the server sends has none; the worker could only cache empty shells. Instead this script
 * sends the rendered page (markup without scripts, plus its styles) to the worker every few
 * seconds while it changes; the worker keeps the last one and shows it offline, "as of HH:MM".
 *
 * The words are in both languages here (a static file has no catalog); the page's <html lang>,
 * which the app sets from the reader's language, picks one. The kiosk (/kiosk/...) is left alone:
 * no worker, no banner (it shows its own device and connection status).
 */
(function () {
  "use strict";
  var SAVED = ["/orders", "/bills", "/notices", "/me/card"];
  var WORDS = {
    en: {offline: "You are offline. Pages show what they last had; nothing you do is sent until the connection is back.",
         refused: "Not sent: you are offline. Try again when the connection is back."},
    zh: {offline: "当前离线。页面显示的是最近一次的内容；恢复连接前，您的操作不会被提交。",
         refused: "未提交：当前离线。请在恢复连接后重试。"}
  };
  function onKiosk() { return location.pathname.indexOf("/kiosk") === 0; }
  function words() { return (document.documentElement.lang || navigator.language || "").indexOf("zh") === 0 ? WORDS.zh : WORDS.en; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  if (onKiosk()) return;

  // --- the service worker -------------------------------------------------------------------
  var worker = null;
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) { worker = reg.active; }).catch(function () { /* an old browser: no offline copy */ });
  }
  function tell(message) {
    var target = (navigator.serviceWorker && navigator.serviceWorker.controller) || worker;
    if (target) target.postMessage(message);
  }

  // --- the resident's last-seen copies -------------------------------------------------------
  function pageStyles() {
    var css = [];
    for (var i = 0; i < document.styleSheets.length; i++) {
      try {
        var rules = document.styleSheets[i].cssRules;
        for (var j = 0; j < rules.length; j++) css.push(rules[j].cssText);
      } catch (e) { /* a sheet from elsewhere: not readable, not needed */ }
    }
    return css.join("\n");
  }
  function readOnlyCopy() {
    var copy = document.body.cloneNode(true);
    var drop = copy.querySelectorAll("script, noscript, template, iframe, #hub-offline-banner, [data-pwa-skip]");
    for (var i = 0; i < drop.length; i++) drop[i].remove();
    var all = copy.querySelectorAll("*");
    for (var k = 0; k < all.length; k++) {
      var attrs = all[k].attributes;
      for (var a = attrs.length - 1; a >= 0; a--) if (/^on/i.test(attrs[a].name)) all[k].removeAttribute(attrs[a].name);
      if (/^(BUTTON|INPUT|SELECT|TEXTAREA)$/.test(all[k].tagName)) all[k].setAttribute("disabled", "");
    }
    return copy.innerHTML;
  }
  var lastSent = "", lastPath = "", pathSince = 0;
  function saveCopy() {
    var path = location.pathname.replace(/\/+$/, "");
    if (path !== lastPath) { lastPath = path; pathSince = Date.now(); return; }
    if (path === "/login") { if (lastSent !== "forget") { tell({type: "forget"}); lastSent = "forget"; } return; }
    // After the page has had a moment to load its data, and only while connected (else the
    // copy would be the offline view itself).
    if (SAVED.indexOf(path) < 0 || offline || Date.now() - pathSince < 2000) return;
    if (!document.getElementById("hydrated")) return;
    var html = readOnlyCopy();
    if (html === lastSent) return;
    lastSent = html;
    var now = new Date();
    tell({type: "snapshot", path: path, html: html, css: pageStyles(), title: document.title,
          lang: document.documentElement.lang, htmlClass: document.documentElement.className,
          bodyClass: document.body.className, asOf: pad(now.getHours()) + ":" + pad(now.getMinutes())});
  }
  setInterval(function () { if (!onKiosk()) saveCopy(); }, 1500);

  // --- offline banner and refused actions ----------------------------------------------------
  var offline = false;
  function banner() {
    var el = document.getElementById("hub-offline-banner");
    if (!el) {
      el = document.createElement("div");
      el.id = "hub-offline-banner";
      el.setAttribute("role", "status");
      el.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:2147483000;background:#7c2d12;color:#fff;" +
        "padding:.75rem 1rem;font:600 15px/1.4 system-ui,-apple-system,'PingFang SC',sans-serif;text-align:center";
      var text = document.createElement("p"); text.style.margin = "0"; el.appendChild(text);
      var alert = document.createElement("p"); alert.setAttribute("role", "alert");
      alert.style.cssText = "margin:.25rem 0 0;font-weight:700"; el.appendChild(alert);
      document.body.appendChild(el);
    }
    return el;
  }
  function setOffline(down) {
    if (onKiosk()) down = false;
    offline = down;
    var el = document.getElementById("hub-offline-banner");
    if (down) {
      el = banner();
      el.firstChild.textContent = words().offline;
      // The page moves down below the banner instead of hiding its header under it.
      document.body.style.paddingTop = el.offsetHeight + "px";
    } else if (el) {
      el.remove();
      document.body.style.paddingTop = "";
    }
  }
  function check() {
    if (!navigator.onLine) { setOffline(true); return; }
    fetch("/ping", {cache: "no-store"}).then(function (r) { setOffline(!r.ok); }, function () { setOffline(true); });
  }
  window.addEventListener("offline", function () { setOffline(true); });
  window.addEventListener("online", check);
  setInterval(function () { if (document.visibilityState === "visible" && (offline || !navigator.onLine)) check(); }, 5000);
  setInterval(function () { if (document.visibilityState === "visible") check(); }, 20000);

  // Reflex would queue an event until the socket is back and then run it, maybe much later, or
  // lose it with the tab. An action while offline is refused here, at once and in words.
  var ACTIONS = "button, [role=button], [role=menuitem], [role=switch], [role=checkbox], [role=radio], input[type=submit]";
  function refuse(event) {
    if (!offline) return;
    var target = event.target && event.target.closest ? event.target : null;
    if (event.type === "click" && !(target && target.closest(ACTIONS))) return;
    if (target && target.closest("#hub-offline-banner")) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var el = banner();
    el.lastChild.textContent = words().refused;
    document.body.style.paddingTop = el.offsetHeight + "px";
  }
  window.addEventListener("click", refuse, true);
  window.addEventListener("submit", refuse, true);
  if (!navigator.onLine) setOffline(true);
})();
