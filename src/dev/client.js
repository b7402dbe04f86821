// The page side of `handbook dev`: reload when the handbook was rebuilt, and show problems
// as an overlay (file, line:column, message) until they are fixed. Injected into pages
// only by the dev server; never part of a built handbook.
(function () {
  var overlay;
  // The generation of the build this page came from, written on the script's own tag.
  var generation = Number(document.currentScript.dataset.generation);

  function show(status) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'handbook-dev-overlay';
      overlay.setAttribute('role', 'alertdialog');
      overlay.setAttribute('aria-label', 'Build problems');
      overlay.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,24,32,.97);' +
        'color:#f4f1e8;font:15px/1.5 ui-monospace,monospace;padding:32px';
      document.body.appendChild(overlay);
    }
    overlay.textContent = '';
    var title = document.createElement('h2');
    title.textContent = 'The handbook does not build';
    title.style.cssText = 'font:600 20px/1.3 system-ui,sans-serif;margin:0 0 16px;color:#ff8a80';
    overlay.appendChild(title);
    status.messages.forEach(function (m) {
      var line = document.createElement('p');
      line.className = 'handbook-dev-message';
      line.style.margin = '0 0 10px';
      var where = m.file + (m.line ? ':' + m.line + ':' + m.column : '');
      line.textContent = where + '  ' + m.severity + '  ' + m.reason + '  (' + m.ruleId + ')';
      overlay.appendChild(line);
    });
    var hint = document.createElement('p');
    hint.textContent = 'Fix and save: this page updates by itself.';
    hint.style.cssText = 'margin-top:24px;color:#a9b0bb;font-family:system-ui,sans-serif';
    overlay.appendChild(hint);
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = undefined;
  }

  var source = new EventSource('/__handbook/events');
  source.addEventListener('status', function (event) {
    var status = JSON.parse(event.data);
    // Newer pages were written: load this one as it is now (it shows its problems itself).
    // The server wrote the generation this page was built by into it.
    if (status.generation !== generation) location.reload();
    else if (status.ok) hide();
    else show(status);
  });
})();
