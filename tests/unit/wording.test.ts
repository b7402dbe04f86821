import { describe, expect, it } from 'vitest';
import { BUILT_IN, WORD_KEYS } from '../../src/render/wording/words.ts';
import { builtInWords, direction, say, wordsFor } from '../../src/render/wording/wording.ts';

const blanks = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the tool’s own words', () => {
  it('has every word in every built-in language, with the same blanks as the English', () => {
    const english = BUILT_IN.en!;
    expect(Object.keys(BUILT_IN).sort()).toEqual(
      [
        'ar',
        'de',
        'en',
        'es',
        'fa',
        'fr',
        'he',
        'hi',
        'it',
        'ja',
        'ko',
        'nl',
        'pl',
        'pt',
        'ru',
        'tr',
        'uk',
        'zh-Hans',
        'zh-Hant',
      ].sort(),
    );
    for (const [language, words] of Object.entries(BUILT_IN)) {
      for (const key of WORD_KEYS) {
        expect(words[key], `${language}.${key}`).toBeTruthy();
        expect(blanks(words[key]), `${language}.${key}`).toEqual(blanks(english[key]));
      }
    }
  });

  it('finds a language by its tag, its script for Chinese, and falls back to English', () => {
    expect(builtInWords('fr-CA').contents).toBe('Table des matières');
    expect(builtInWords('pt-BR').downloadPdf).toBe('Descarregar PDF');
    expect(builtInWords('zh-TW').contents).toBe('目錄');
    expect(builtInWords('zh-Hant-HK').contents).toBe('目錄');
    expect(builtInWords('zh-CN').contents).toBe('目录');
    expect(builtInWords('sw').contents).toBe('Contents');
    expect(wordsFor('fr', { contents: 'Sommaire' }).contents).toBe('Sommaire');
    expect(say(builtInWords('fr').page, { page: 3, pages: 40 })).toBe('Page 3 sur 40');
  });

  it('knows which languages are written right to left', () => {
    expect(['ar', 'fa', 'he', 'ur', 'ar-EG'].map(direction)).toEqual([
      'rtl',
      'rtl',
      'rtl',
      'rtl',
      'rtl',
    ]);
    expect(['en', 'fr', 'zh', 'hi', 'tr'].map(direction)).toEqual([
      'ltr',
      'ltr',
      'ltr',
      'ltr',
      'ltr',
    ]);
  });
});
