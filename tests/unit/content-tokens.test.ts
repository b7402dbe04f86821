import { describe, expect, it } from 'vitest';
import { untaggedRanges } from '../../src/finish/artifacts.ts';
import { contentOperators } from '../../src/finish/content-tokens.ts';

const ALL = new Set([
  'BT',
  'ET',
  'BDC',
  'BMC',
  'EMC',
  'Tj',
  'TJ',
  're',
  'f',
  'n',
  'W',
  'Do',
  'BI',
  'q',
  'Q',
]);
const ops = (text: string) => contentOperators(Buffer.from(text, 'latin1'), ALL);
const wrapped = (text: string) =>
  untaggedRanges(ops(text)).map((r) => [text.slice(r.start, r.end), r.kind]);

describe('content streams read as operators', () => {
  it('never takes a string, a hex string, a name or a dictionary for an operator', () => {
    expect(ops('(BT \\) ET (EMC)) Tj <4254> Tj /BT 1 0 0 1 re f').map((o) => o.name)).toEqual([
      'Tj',
      'Tj',
      're',
      'f',
    ]);
    expect(
      ops('/P <</MCID 3 /Alt (a ) EMC b) /X <</Y (>>)>> >>BDC BT ET EMC').map((o) => o.name),
    ).toEqual(['BDC', 'BT', 'ET', 'EMC']);
  });

  it('skips an inline image whole, whatever its data holds', () => {
    expect(ops('q BI /W 2 /H 1 ID \x00ET BT\x01 EI Q').map((o) => o.name)).toEqual([
      'q',
      'BI',
      'Q',
    ]);
  });

  it('marks what no marked content holds, and nothing inside it', () => {
    const stream =
      'q BT /F1 9 Tf (Page 7) Tj ET 0 0 5 5 re f 0 0 9 9 re W n Q ' +
      '/P <</MCID 0>> BDC BT (Body) Tj ET 1 1 2 2 re f EMC ' +
      'BT /P <</MCID 1>> BDC (inside) Tj EMC ET /Im1 Do';
    expect(wrapped(stream)).toEqual([
      ['BT /F1 9 Tf (Page 7) Tj ET', 'Pagination'],
      ['0 0 5 5 re f', 'Layout'],
      ['/Im1 Do', 'Layout'],
    ]);
  });
});
