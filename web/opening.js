// Runs in index.html's head, before the body is drawn (not deferred, and
// first, so it waits for no stylesheet). The page arrives with the example
// practice's figures already in it (prerendered at build time,
// src/first_view.rs). When the page opens on something else, a link or a
// last session kept in this browser, those figures must never look like the
// visitor's: this marks the page, and styles.css then hides them and shows
// "Opening your scenario…" until the module has the visitor's own. With
// JavaScript off nothing is marked: the figures show, with their caption
// and the <noscript> line saying what a link's scenario needs.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  // A link: anything after # that is not a place on the page (as
  // src/sharing/link.rs's is_link says), or the history entry's (a reload).
  var link = (typeof history.state === 'string' && history.state) || location.hash.replace(/^#/, '');
  var other = /[^A-Za-z0-9_-]/.test(link);
  if (!other) {
    try {
      other = !!window.localStorage.getItem('gpsim.last');
    } catch (e) {
      // Storage blocked: the app cannot have kept a session either.
    }
  }
  if (other) root.classList.add('opening-other');
})();
