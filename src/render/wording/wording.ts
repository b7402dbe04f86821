import type { Book, Chapter } from '../../model/book.ts';
import { BUILT_IN, type WordKey, type Words } from './words.ts';

/** The built-in wording for a language tag: the tag's language (and script, for Chinese), else English. */
export function builtInWords(language: string): Words {
  const locale = safeLocale(language);
  const base = locale?.language ?? language.split('-')[0]!.toLowerCase();
  if (base === 'zh') {
    const script = locale?.maximize().script ?? 'Hans';
    return BUILT_IN[script === 'Hant' ? 'zh-Hant' : 'zh-Hans']!;
  }
  return BUILT_IN[base] ?? BUILT_IN.en!;
}

/** The wording of an edition: the built-in words for its language, with the handbook's own on top. */
export function wordsFor(language: string, own: Partial<Record<WordKey, string>> = {}): Words {
  return { ...builtInWords(language), ...own };
}

/** `Chapter {number}` with its blanks filled in; a blank with no value stays as written. */
export function say(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** `rtl` for a language written right to left (Arabic, Persian, Hebrew, Urdu …), else `ltr`. */
export function direction(language: string): 'ltr' | 'rtl' {
  const locale = safeLocale(language)?.maximize();
  const info = (locale as { textInfo?: { direction?: string } } | undefined)?.textInfo;
  if (info?.direction === 'rtl') return 'rtl';
  // Engines without textInfo: the scripts written right to left.
  return ['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg'].includes(locale?.script ?? '')
    ? 'rtl'
    : 'ltr';
}

/** A language's name as readers of `inLanguage` call it ("anglais" for en in fr); its own name by default. */
export function languageName(language: string, inLanguage = language, capital = true): string {
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: 'language' }).of(language);
    if (!name) return language;
    return capital ? name.charAt(0).toLocaleUpperCase(inLanguage) + name.slice(1) : name;
  } catch {
    return language;
  }
}

function safeLocale(tag: string): Intl.Locale | undefined {
  try {
    return new Intl.Locale(tag);
  } catch {
    return undefined;
  }
}

/** What readers of a translated edition are told about a chapter: untranslated, or outdated. */
export function translationNotice(book: Book, chapter: Chapter): string {
  const { words, language } = book.config;
  if (chapter.translation === 'untranslated')
    return say(words.untranslated, {
      language: languageName(chapter.lang ?? language, language, false),
    });
  if (chapter.translation === 'outdated') return words.outdated;
  return '';
}
