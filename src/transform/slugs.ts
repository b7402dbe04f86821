/**
 * Heading anchors as the tools our users come from make them, so that a link written for
 * one (`#what-is-mkdocs`, `#installing-rust`) finds the heading here, where ids are
 * GitHub's. Each is the tool's default for a heading's text; where one happens to give
 * GitHub's own id, it adds nothing.
 */
export function otherSlugs(text: string): string[] {
  const slugs = new Set([
    kramdown(text),
    pythonMarkdown(text),
    pandoc(text),
    goldmark(text),
    asciiGithub(text),
  ]);
  slugs.delete('');
  return [...slugs];
}

/** kramdown (Jekyll): letters first, then only ASCII letters, digits, spaces and hyphens. */
function kramdown(text: string): string {
  return text
    .replace(/^[^a-zA-Z]+/, '')
    .replace(/[^a-zA-Z0-9 -]/g, '')
    .replace(/ /g, '-')
    .toLowerCase();
}

/** Python-Markdown's toc (MkDocs): ASCII after decomposing, runs of spaces and hyphens as one. */
function pythonMarkdown(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

/** Pandoc: nothing before the first letter; letters, digits, `_`, `-` and `.` kept. */
function pandoc(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_.-]/gu, '')
    .replace(/^[^\p{L}]+/u, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** Hugo's Goldmark (its `github` style): as GitHub, but runs of spaces make one hyphen. */
function goldmark(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** mdBook and Hugo's `github-ascii`: GitHub's, with accents and other non-ASCII letters dropped. */
function asciiGithub(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}
