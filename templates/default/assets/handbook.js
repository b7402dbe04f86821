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

// Search, with the index Pagefind built beside the pages. The index is loaded on first use;
// pages opened from disk (file://) cannot load it in most browsers, so they say so.
(function () {
  var root = new URL('./', location.href);
  var pagefind;

  function escapeText(text) {
    var span = document.createElement('span');
    span.textContent = text;
    return span.innerHTML;
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL('pagefind/pagefind.js', root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-search]');
    if (!box) return;
    var input = box.querySelector('input');
    var list = box.querySelector('.search-results');
    var status = box.querySelector('#search-status');
    var pending = 0;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    }

    function render(results, query) {
      list.innerHTML = '';
      results.forEach(function (result) {
        var item = document.createElement('li');
        item.innerHTML =
          '<a href="' +
          escapeText(result.url) +
          '"><span class="search-title">' +
          escapeText(result.meta.title || result.url) +
          '</span><span class="search-excerpt">' +
          result.excerpt +
          '</span></a>';
        list.appendChild(item);
      });
      if (results.length === 0) {
        var none = document.createElement('li');
        none.className = 'search-none';
        // The edition's own words, from the search box: "{query}" marks where the query goes.
        none.textContent = (box.dataset.none || 'Nothing found for “{query}”.').replace(
          '{query}',
          query,
        );
        list.appendChild(none);
      }
      status.textContent = (box.dataset.count || '{count} results').replace(
        '{count}',
        String(results.length),
      );
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    input.addEventListener('input', function () {
      var query = input.value.trim();
      var ticket = ++pending;
      if (!query) return close();
      if (location.protocol === 'file:') {
        var served = document.createElement('li');
        served.className = 'search-none';
        served.textContent =
          box.dataset.served ||
          'Search works when the handbook is served (handbook dev, or any web server).';
        list.innerHTML = '';
        list.appendChild(served);
        list.hidden = false;
        return;
      }
      load()
        .then(function (module) {
          return module.debouncedSearch(query, {}, 150);
        })
        .then(function (search) {
          if (!search || ticket !== pending) return;
          return Promise.all(
            search.results.slice(0, 8).map(function (r) {
              return r.data();
            }),
          ).then(function (data) {
            if (ticket === pending) render(data, query);
          });
        })
        .catch(function () {
          list.innerHTML = '<li class="search-none">Search is not available here.</li>';
          list.hidden = false;
        });
    });

    document.addEventListener('keydown', function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        input.focus();
      } else if (event.key === 'Escape' && document.activeElement === input) {
        close();
      }
    });
    document.addEventListener('click', function (event) {
      if (!box.contains(event.target)) close();
    });
  });
})();

// Changes since the previous edition: the reader may hide the change marks, or show the
// deleted text; the choice is kept for the next page. Without this script the marks show
// and the deleted text stays hidden.
(function () {
  var root = document.documentElement;
  var state = { marks: true, deleted: false };
  try {
    var kept = JSON.parse(localStorage.getItem('handbook-changes') || '{}');
    if (typeof kept.marks === 'boolean') state.marks = kept.marks;
    if (typeof kept.deleted === 'boolean') state.deleted = kept.deleted;
  } catch (e) {
    // Storage refused or spoilt: the defaults apply.
  }

  function apply() {
    if (state.marks) delete root.dataset.changeMarks;
    else root.dataset.changeMarks = 'off';
    if (state.deleted) root.dataset.showDeleted = 'on';
    else delete root.dataset.showDeleted;
  }
  apply();

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.change-controls').forEach(function (form) {
      form.hidden = false;
    });
    document.querySelectorAll('[data-change-toggle]').forEach(function (box) {
      var which = box.getAttribute('data-change-toggle');
      box.checked = state[which];
      box.addEventListener('change', function () {
        state[which] = box.checked;
        apply();
        document.querySelectorAll('[data-change-toggle="' + which + '"]').forEach(function (other) {
          other.checked = box.checked;
        });
        try {
          localStorage.setItem('handbook-changes', JSON.stringify(state));
        } catch (e) {
          // The choice then lasts for this page only.
        }
      });
    });
  });
})();
