// Handbook Press default theme: the scheme toggle and the phone drawer. The pages work
// without this script; it only adds the two conveniences.
(function () {
  var root = document.documentElement;

  function currentScheme() {
    if (root.dataset.scheme) return root.dataset.scheme;
    return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.querySelector('.scheme-toggle');
    if (toggle) {
      toggle.setAttribute('aria-pressed', String(currentScheme() === 'dark'));
      toggle.addEventListener('click', function () {
        var next = currentScheme() === 'dark' ? 'light' : 'dark';
        root.dataset.scheme = next;
        toggle.setAttribute('aria-pressed', String(next === 'dark'));
        try {
          localStorage.setItem('handbook-scheme', next);
        } catch (e) {
          // Private windows may refuse storage; the choice then lasts for this page only.
        }
      });
    }

    var menu = document.querySelector('.menu-toggle');
    if (menu) {
      menu.addEventListener('click', function (event) {
        event.preventDefault();
        var open = document.body.classList.toggle('nav-open');
        menu.setAttribute('aria-expanded', String(open));
      });
    }
  });
})();
