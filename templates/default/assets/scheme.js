// Apply the reader's chosen light or dark scheme before the first paint (no flash of the
// wrong one). Loaded without defer, from the head, as a file: the pages run no inline script.
try {
  var scheme = localStorage.getItem('handbook-scheme');
  if (scheme) document.documentElement.dataset.scheme = scheme;
} catch (e) {
  // Storage refused (a private window): the system's scheme applies.
}
