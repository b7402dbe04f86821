import { parse } from 'icc';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { thinOut } from '../../src/cli/output.ts';
import { parseConfigText } from '../../src/config/load.ts';
import { srgbProfile } from '../../src/finish/srgb-profile.ts';
import { inkOnWhite, relativeLuminance, rgbOf } from '../../src/guard/css.ts';

const contrastOnWhite = (color: string) => 1.05 / (relativeLuminance(rgbOf(color)!) + 0.05);

describe('the sRGB output profile', () => {
  it('is an ICC v2 RGB display profile that an ICC parser reads', () => {
    const profile = parse(Buffer.from(srgbProfile()));
    expect(profile).toMatchObject({
      version: '2.1',
      deviceClass: 'Monitor',
      colorSpace: 'RGB',
      connectionSpace: 'XYZ',
      description: 'sRGB IEC61966-2.1',
    });
    expect(profile.whitepoint![0]).toBeCloseTo(0.9642, 3);
  });

  it('holds the sRGB tone curve: mid-grey 50 % is 21.4 % light', () => {
    const bytes = Buffer.from(srgbProfile());
    const count = bytes.readUInt32BE(128);
    const tags = Array.from({ length: count }, (_, i) => ({
      signature: bytes.toString('latin1', 132 + i * 12, 136 + i * 12),
      offset: bytes.readUInt32BE(136 + i * 12),
    }));
    const trc = tags.find((t) => t.signature === 'gTRC')!;
    expect(bytes.toString('latin1', trc.offset, trc.offset + 4)).toBe('curv');
    const points = bytes.readUInt32BE(trc.offset + 8);
    const at = (v: number) =>
      bytes.readUInt16BE(trc.offset + 12 + Math.round(v * (points - 1)) * 2) / 65535;
    expect(at(0)).toBe(0);
    expect(at(1)).toBe(1);
    expect(at(0.5)).toBeCloseTo(0.214, 2);
    expect(bytes.readUInt32BE(0)).toBe(bytes.length);
  });
});

describe('markings printed on the white page margin', () => {
  it('keep a colour that reads, and print a darker shade of one that does not', () => {
    expect(inkOnWhite('#c8102e')).toBe('#c8102e');
    const orange = inkOnWhite('#ff8c00');
    expect(orange).not.toBe('#ff8c00');
    expect(contrastOnWhite(orange)).toBeGreaterThanOrEqual(4.5);
    // Still orange: the same proportions of red and green, only darker.
    const [r, g, b] = rgbOf(orange)!;
    expect(g / r).toBeCloseTo(0x8c / 0xff, 1);
    expect(b).toBe(0);
    expect(contrastOnWhite(inkOnWhite('yellow'))).toBeGreaterThanOrEqual(4.5);
  });

  it('warn at the colour the author wrote, and not at the defaults', async () => {
    const text =
      'title: T\nmarkings:\n  - { label: OPEN, color: "#ffd700" }\n  - { label: SECRET, color: "#c8102e" }\n';
    const file = new VFile({ path: 'handbook.yml', value: text });
    const loaded = await parseConfigText(file, text);
    expect(loaded.config).toBeDefined();
    expect(file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual([
      '3:27 marking-contrast',
    ]);
    expect(file.messages[0]!.reason).toMatch(/#ffd700 of "OPEN" has a contrast of 1\.4:1/);
    const plain = new VFile({ path: 'handbook.yml', value: 'title: T\n' });
    await parseConfigText(plain, 'title: T\n');
    expect(plain.messages).toEqual([]);
  });
});

describe('a build that warns on hundreds of pages', () => {
  it('shows the first warnings of each rule of advice, counts the rest, and never hides an error or a refusal', () => {
    const files = Array.from({ length: 30 }, (_, i) => {
      const file = new VFile({ path: `chapter-${i}.md` });
      file.message('skipped level', { place: { line: 1, column: 1 }, ruleId: 'heading-level' });
      if (i === 29)
        file.message('broken', { place: { line: 2, column: 1 }, ruleId: 'config' }).fatal = true;
      return file;
    });
    files[0]!.message('refused', { place: { line: 3, column: 1 }, ruleId: 'unsafe-html' });
    for (const file of files.slice(1, 25))
      file.message('refused', { place: { line: 3, column: 1 }, ruleId: 'unsafe-html' });
    const { shown, left } = thinOut(files, 20);
    // What was refused is always all said.
    expect(shown.flatMap((f) => f.messages).filter((m) => m.ruleId === 'unsafe-html')).toHaveLength(
      25,
    );
    expect(
      shown.flatMap((f) => f.messages).filter((m) => m.ruleId === 'heading-level'),
    ).toHaveLength(20);
    expect(shown.flatMap((f) => f.messages).filter((m) => m.fatal)).toHaveLength(1);
    expect(left).toEqual([{ rule: 'heading-level', messages: 10, files: 10 }]);
  });
});
