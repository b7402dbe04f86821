import type { Element, Root, Text } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import type { Chapter } from '../model/book.ts';
import { addWarning } from '../report/messages.ts';
import { pointInText } from './positions.ts';

/** Two to six capitals or digits (at least two capitals), with an optional `-I` style tail. */
const ACRONYM = /\b(?=[A-Z0-9-]*[A-Z][A-Z0-9-]*[A-Z])[A-Z][A-Z0-9]{1,5}(?:-[A-Z0-9]{1,3})?\b/g;
const ROMAN = /^[IVXLCDM]+$/;
const SKIP = new Set(['code', 'pre', 'kbd', 'samp', 'var']);

/**
 * Acronyms a reader meets before they are spelled out. A briefing handbook is read out of
 * order, so each chapter spells out its acronyms at first use: "Kosovo Force (KFOR)".
 * The glossary chapter (`glossary: true`) and `knownAcronyms` are exempt.
 */
export function checkAcronyms(chapter: Chapter, file: VFile, known: Set<string>): void {
  if (!chapter.hast || chapter.frontMatter.glossary === true) return;
  const defined = new Set<string>();
  visitParents(chapter.hast as Root, 'text', (node: Text, ancestors) => {
    if (ancestors.some((a) => a.type === 'element' && SKIP.has((a as Element).tagName))) return;
    for (const match of node.value.matchAll(ACRONYM)) {
      const acronym = match[0];
      if (known.has(acronym) || ROMAN.test(acronym) || defined.has(acronym)) continue;
      defined.add(acronym);
      const around = node.value.slice(
        Math.max(0, match.index - 1),
        match.index + acronym.length + 2,
      );
      if (/^\(.+s?\)/.test(around)) continue; // "… (KFOR)" spells it out here
      addWarning(
        file,
        `Acronym \`${acronym}\` is used before it is spelled out in this chapter (write "Full Name (${acronym})" at first use)`,
        pointInText(node.position?.start, node.value, match.index),
        'acronym',
      );
    }
  });
}
