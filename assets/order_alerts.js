// Order alerts for the merchant's orders page (state/merchant/orders.py drives it with
// rx.call_script): a short chime made with the WebAudio API (no sound file to download), a
// browser notification once the merchant allowed it, and the number of new orders in the tab
// title, so a shop with the tab in the background still sees "(2) Orders · Community Hub".
//
// Browsers only let a page make sound or ask for notifications after a person pressed something:
// the "Turn on order alerts" button calls enable() from its click. The choice is kept in this
// browser (localStorage), so the next visit rings without asking again.
(function () {
  if (window.hubOrderAlerts) return;
  var KEY = "hub-order-alerts";
  var BASE_TITLE = "Orders · Community Hub";

  var alerts = {
    chimes: 0, // how many times it rang (the browser test reads it; a person hears it)
    notifications: 0,
    ctx: null,

    // "on", "on-no-notifications" (sound and title only), or "off".
    state: function () {
      if (localStorage.getItem(KEY) !== "on") return "off";
      return ("Notification" in window && Notification.permission === "granted") ? "on" : "on-no-notifications";
    },

    enable: async function () {
      localStorage.setItem(KEY, "on");
      this.audio();
      if ("Notification" in window && Notification.permission === "default") {
        try { await Notification.requestPermission(); } catch (e) { /* an old browser: sound and title only */ }
      }
      this.chime(); // one ring now, so the merchant knows what to listen for
      return this.state();
    },

    disable: function () {
      localStorage.removeItem(KEY);
      return this.state();
    },

    audio: function () {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!this.ctx && Ctx) this.ctx = new Ctx();
      if (this.ctx && this.ctx.state === "suspended") this.ctx.resume();
      return this.ctx;
    },

    // Two rising notes, a quarter of a second each, soft enough for a shop floor.
    chime: function () {
      var ctx = this.audio();
      this.chimes += 1;
      document.documentElement.setAttribute("data-order-chimes", String(this.chimes));
      if (!ctx) return;
      [[880, 0], [1318.5, 0.18]].forEach(function (note) {
        var osc = ctx.createOscillator(), gain = ctx.createGain(), at = ctx.currentTime + note[1];
        osc.type = "sine";
        osc.frequency.value = note[0];
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
        osc.connect(gain).connect(ctx.destination);
        osc.start(at);
        osc.stop(at + 0.3);
      });
    },

    // `base`: the page title in the reader's language (the page passes it; English if not).
    title: function (count, base) {
      if (base) this.baseTitle = base;
      var title = this.baseTitle || BASE_TITLE;
      document.title = count > 0 ? "(" + count + ") " + title : title;
    },

    // Called when the live list saw paid orders it had not seen: ring and notify (if turned on).
    // `heading`: the notification's title in the reader's language.
    newOrders: function (count, text, heading, base) {
      this.title(count, base);
      if (this.state() === "off") return;
      this.chime();
      if ("Notification" in window && Notification.permission === "granted") {
        try {
          new Notification(heading || "New order · Community Hub", { body: text, tag: "hub-new-order", renotify: true });
          this.notifications += 1;
        } catch (e) { /* some browsers only notify from a service worker: the chime and title remain */ }
      }
    },
  };
  window.hubOrderAlerts = alerts;
})();
