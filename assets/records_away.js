/* On every page (linked from community_hub/app.py): while the server answers but its database
 * does not, show the banner of components/records_away.py; take it away when the database is back.
 *
 * `/ready` answers 503 while the database (or Redis) cannot be reached (community_hub/api/ready.py).
 * It is asked every CALM_MS while all is well and every AWAY_MS while it is not; a handler that
 * found the database away calls window.hubRecordsAway() (state/shared/service_call.py), which
 * shows the banner at once and asks again soon. No answer at all is not this banner's business:
 * the server itself is away then, which Reflex's connection notice and assets/pwa.js tell.
 */
(function () {
  "use strict";
  var CALM_MS = 5000, AWAY_MS = 1500;
  var away = false, timer = null;
  function mark(on) {
    if (away && !on) {  // back: the page reads its data again (state/shared/records_away.py)
      var back = document.getElementById("hub-records-back");
      if (back) back.click();
    }
    away = on;
    if (on) document.documentElement.setAttribute("data-records-away", "");
    else document.documentElement.removeAttribute("data-records-away");
  }
  function next(ms) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(ask, ms);
  }
  function ask() {
    if (document.hidden) { next(CALM_MS); return; }  // a tab in the background asks when seen again
    fetch("/ready", {cache: "no-store"}).then(function (r) {
      if (r.status === 503) mark(true);
      else if (r.ok) mark(false);
    }).catch(function () { /* the server is away: not this banner's business */ })
      .then(function () { next(away ? AWAY_MS : CALM_MS); });
  }
  window.hubRecordsAway = function () { mark(true); next(AWAY_MS); };
  next(CALM_MS);
})();
