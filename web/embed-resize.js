// The resizer for a page that embeds GP Contract Simulator and runs no
// resizer of its own (Pym.js, Datawrapper's or AMP's). One line in the host
// page loads it from the simulator's own site:
//   <script src="https://…/embed-resize.js" async></script>
// It sets each embed's height to the height the embed posts (its content's,
// in Datawrapper's format), and:
// - listens only to frames of this page whose address is this simulator's
//   embed (same origin and folder as this script): a message from any other
//   frame, or from another origin, or of another shape, changes nothing;
// - never loops: the embed's height is its content's, not its frame's, so
//   setting the frame's height cannot change the next height it posts; a
//   height equal to the frame's current one is ignored, and one outside
//   100 to 20,000 px is refused.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var here = new URL(script.src);
  var embedPage = here.origin + here.pathname.replace(/[^/]*$/, '') + 'embed.html';
  function embedFrameFor(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.contentWindow !== source) continue;
      var src;
      try { src = new URL(f.src, document.baseURI); } catch (e) { return null; }
      return src.origin + src.pathname === embedPage ? f : null;
    }
    return null;
  }
  window.addEventListener('message', function (event) {
    if (event.origin !== here.origin) return;
    var data = event.data;
    if (typeof data === 'string') {
      if (data.length > 200) return;
      try { data = JSON.parse(data); } catch (e) { return; }
    }
    var h = data && data['datawrapper-height'] && data['datawrapper-height'].gpsim;
    if (typeof h !== 'number' || !isFinite(h) || h < 100 || h > 20000) return;
    var frame = embedFrameFor(event.source);
    if (!frame) return;
    var px = Math.ceil(h) + 'px';
    if (frame.style.height !== px) frame.style.height = px;
  });
})();
