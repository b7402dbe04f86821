import { createHash } from 'node:crypto';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { Book } from '../model/book.ts';
import { cleanDeclarations } from './diagrams/scoped-css.ts';

/** Rules made in this process, by class: a tree already rewritten keeps only the class. */
const rules = new Map<string, string>();
const STYLE_CLASS = /^st-[0-9a-f]{12}$/;

/**
 * The last step of the transform: every `style` attribute that the build itself wrote
 * (KaTeX's spacing, Mermaid's sizes, shiki's colours; an author's were removed by the
 * sanitiser) becomes a class with a rule in assets/content.css. The print document's
 * policy applies no inline style at all, so what the drawings need must come from a
 * stylesheet of the build — and a rule made here can only style the element it was on.
 */
export function moveInlineStyles(book: Book): void {
  const used = new Set<string>();
  for (const chapter of book.chapters) {
    if (!chapter.hast) continue;
    visit(chapter.hast, 'element', (node: Element) => {
      const classes = classesOf(node);
      for (const name of classes) if (STYLE_CLASS.test(name)) used.add(name);
      const style = node.properties.style;
      if (typeof style !== 'string') return;
      delete node.properties.style;
      if (style.trim() === '') return;
      const name = `st-${createHash('sha256').update(style).digest('hex').slice(0, 12)}`;
      if (!rules.has(name)) rules.set(name, cleanDeclarations(style));
      node.properties.className = [...classes, name];
      used.add(name);
    });
  }
  const css = [...used]
    .sort()
    .flatMap((name) => (rules.get(name) ? [`.${name}{${rules.get(name)}}`] : []));
  book.contentCss = [...(book.contentCss ?? []), css.join('\n')];
}

/** An element's classes, however the step that made it spelled them (shiki writes `class`). */
function classesOf(node: Element): string[] {
  const { className, class: spelled } = node.properties;
  delete node.properties.class;
  const named = Array.isArray(className) ? className.map(String) : [];
  const written = typeof spelled === 'string' ? spelled.split(/\s+/).filter(Boolean) : [];
  if (written.length > 0) node.properties.className = [...named, ...written];
  return [...named, ...written];
}
