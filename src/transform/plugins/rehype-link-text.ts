import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { addWarning } from '../../report/messages.ts';

/**
 * Link text that says nothing of where it goes ("click here", a bare address): a
 * screen-reader user who lists the links hears "here, here, here", a PDF reader's link
 * list is no help, and a printed "click here" is meaningless. WCAG 2.4.4.
 */
const SAYS_NOTHING = new Set([
  // English, French, German, Spanish, Italian, Dutch, Portuguese, Polish.
  'here',
  'click here',
  'click',
  'this',
  'this link',
  'this page',
  'link',
  'more',
  'read more',
  'learn more',
  'more info',
  'details',
  'go',
  'see here',
  'ici',
  'cliquez ici',
  'lien',
  'ce lien',
  'plus',
  'en savoir plus',
  'lire la suite',
  'hier',
  'klicken sie hier',
  'hier klicken',
  'mehr',
  'weiterlesen',
  'mehr erfahren',
  'aquí',
  'haga clic aquí',
  'clic aquí',
  'este enlace',
  'más',
  'leer más',
  'qui',
  'clicca qui',
  'questo link',
  'leggi di più',
  'klik hier',
  'meer',
  'lees meer',
  'deze link',
  'aqui',
  'clique aqui',
  'este link',
  'saiba mais',
  'tutaj',
  'kliknij tutaj',
  'więcej',
  'ten link',
]);

const BARE_ADDRESS = /^(?:https?:\/\/|www\.)\S+$/i;

export default function rehypeLinkText() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || node.properties.href === undefined) return;
      // Footnote marks and their way back are numbered by design, and named by their role.
      if (node.properties.dataFootnoteRef !== undefined) return;
      if (node.properties.dataFootnoteBackref !== undefined) return;
      const label = node.properties.ariaLabel;
      const text = (typeof label === 'string' ? label : accessibleText(node)).trim();
      const plain = text
        .toLowerCase()
        .replace(/[\s.:!…»›→]+$/u, '')
        .replace(/\s+/g, ' ');
      const reason = !plain
        ? 'A link with no text: a screen reader can only read its address'
        : SAYS_NOTHING.has(plain)
          ? `Link text "${text}" says nothing of where it goes: name the page or document instead`
          : BARE_ADDRESS.test(plain)
            ? `Link text is a bare address (${text}): say what it leads to, a screen reader spells it out`
            : undefined;
      if (reason) addWarning(file, reason, node.position, 'link-text');
    });
  };
}

/** The link's text, with the alternative text of its images. */
function accessibleText(node: Element): string {
  let text = toString(node);
  visit(node, 'element', (child: Element) => {
    if (child.tagName === 'img' && typeof child.properties.alt === 'string')
      text += ` ${child.properties.alt}`;
  });
  return text;
}
