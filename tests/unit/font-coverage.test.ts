import { describe, expect, it } from 'vitest';
import { fontCoverage } from '../../src/render/fonts.ts';

describe('fontCoverage', () => {
  it('merges the unicode-ranges of every face, wildcards included', () => {
    const css = `
      @font-face { font-family: A; src: url(a.woff2); unicode-range: U+0000-00FF, U+0131, U+2000-206F; }
      @font-face { font-family: B; src: url(b.woff2); unicode-range: U+0100-0130,U+4??; }`;
    expect(fontCoverage(css)).toEqual([
      [0x0000, 0x0131],
      [0x0400, 0x04ff],
      [0x2000, 0x206f],
    ]);
  });

  it('knows nothing when a face does not say what it covers', () => {
    const css = `@font-face { font-family: A; src: url(a.woff2); unicode-range: U+0000-00FF; }
      @font-face { font-family: B; src: url(b.woff2); }`;
    expect(fontCoverage(css)).toBeUndefined();
  });

  it('covers nothing without fonts', () => {
    expect(fontCoverage('')).toEqual([]);
  });
});
