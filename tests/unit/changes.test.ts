import { describe, expect, it } from 'vitest';
import { blocksOf } from '../../src/transform/changes/blocks.ts';
import { matchChapters } from '../../src/transform/changes/chapter-matching.ts';
import { compareBlocks } from '../../src/transform/changes/compare.ts';

const compare = (before: string, now: string) => {
  const { changed, deleted } = compareBlocks(blocksOf(before), blocksOf(now));
  return { changed: Object.fromEntries(changed), deleted };
};

describe('comparing a chapter with its earlier self', () => {
  it('splits containers into the blocks a reader sees change', () => {
    const blocks = blocksOf(
      '# T\n\nOne.\n\n## Part\n\n- a\n- b\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n> Quoted.\n\n```js\nx()\n```\n',
    );
    expect(blocks.map((b) => `${b.kind}:${b.text}:${b.section ?? ''}`)).toEqual([
      'h1:T:',
      'paragraph:One.:',
      'h2:Part:Part',
      'item:a:Part',
      'item:b:Part',
      'row:A | B:Part',
      'row:1 | 2:Part',
      'paragraph:Quoted.:Part',
      'code:js x():Part',
    ]);
  });

  it('sees a changed word, and not whitespace or a reflowed paragraph', () => {
    const before = 'First paragraph stays.\n\nThe second one is about to change.\n';
    expect(
      compare(before, 'First   paragraph\nstays.\n\nThe second one is about to change.\n'),
    ).toEqual({
      changed: {},
      deleted: [],
    });
    expect(compare(before, 'First paragraph stays.\n\nThe second one is about to move.\n')).toEqual(
      {
        changed: { 1: 'changed' },
        deleted: [],
      },
    );
  });

  it('tells added, deleted and moved blocks apart', () => {
    const before =
      'Alpha stays here.\n\nBeta will be deleted entirely.\n\nGamma moves down.\n\nDelta stays.\n';
    const now =
      'Alpha stays here.\n\nDelta stays.\n\nGamma moves down.\n\nA wholly new closing paragraph.\n';
    const { changed, deleted } = compare(before, now);
    expect(changed).toEqual({ 2: 'moved', 3: 'added' });
    expect(deleted).toEqual([{ before: 1, texts: ['Beta will be deleted entirely.'] }]);
  });

  it('counts a link whose address changed as a change', () => {
    expect(compare('See [the mandate](a.md).\n', 'See [the mandate](b.md).\n').changed).toEqual({
      0: 'changed',
    });
  });
});

describe('pairing chapters across editions', () => {
  it('pairs by path, then a renamed chapter by the blocks it shares', () => {
    const side = (path: string, text: string) => ({ path, blocks: blocksOf(text) });
    const matches = matchChapters(
      [
        side('a.md', 'One.\n\nTwo.\n'),
        side('old.md', 'Mandates must be clear.\n\nPartners come early.\n\nLast.\n'),
        side('gone.md', 'Nothing like it now.\n'),
      ],
      [
        side('a.md', 'One.\n\nTwo, changed.\n'),
        side('new-name.md', 'Mandates must be clear.\n\nPartners come early.\n\nA new end.\n'),
        side('fresh.md', 'Entirely new.\n'),
      ],
    );
    expect(Object.fromEntries(matches)).toEqual({ 'a.md': 'a.md', 'new-name.md': 'old.md' });
  });
});
