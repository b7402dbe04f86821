import type { Book } from '../../model/book.ts';
import { languageName } from './wording.ts';

export interface LanguageLink {
  lang: string;
  /** The language's name in that language ("Français"), as readers look for it. */
  name: string;
  href: string;
  current: boolean;
}

/**
 * The same page in every edition, for the language switch and the `hreflang` alternates:
 * `page` is a chapter's id or `index`; an edition that leaves the chapter out is linked
 * at its title page.
 */
export function languageLinks(book: Book, page: string): LanguageLink[] {
  const edition = book.edition;
  if (!edition || edition.all.length < 2) return [];
  const depth = edition.dir ? edition.dir.split('/').length : 0;
  const up = '../'.repeat(depth);
  return edition.all.map((other) => {
    const has = page === 'index' || other.chapters.includes(page);
    return {
      lang: other.language,
      name: languageName(other.language),
      href: `${up}${other.dir ? `${other.dir}/` : ''}${has ? page : 'index'}.html`,
      current: other.language === edition.language,
    };
  });
}
