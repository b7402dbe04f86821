import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { readFrontMatter } from '../../src/load/front-matter.ts';

function read(source: string) {
  const file = new VFile({ path: 'chapter.md', value: source });
  const result = readFrontMatter(file, source);
  const messages = file.messages.map(
    (m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}: ${m.reason}`,
  );
  return { ...result, messages };
}

describe('front-matter', () => {
  it('reads YAML front-matter and keeps body offsets equal to the file', () => {
    const source = '---\ntitle: Kosovo\nsummary: A mission.\norder: 3\n---\n# Heading\n';
    const { frontMatter, body, messages } = read(source);
    expect(messages).toEqual([]);
    expect(frontMatter).toMatchObject({ title: 'Kosovo', summary: 'A mission.', order: 3 });
    expect(body).toHaveLength(source.length);
    expect(body.indexOf('# Heading')).toBe(source.indexOf('# Heading'));
    expect(body.slice(0, source.indexOf('# Heading')).trim()).toBe('');
  });

  it('never runs JavaScript front-matter (CVE-2021-23639)', () => {
    const marker = `__handbook_pwned_${Date.now()}`;
    for (const language of ['js', 'javascript', 'JS', 'coffee']) {
      const source = `---${language}\n{ title: (globalThis["${marker}"] = "ran") }\n---\nBody\n`;
      const { ok, messages } = read(source);
      expect(ok).toBe(false);
      expect(messages).toEqual([
        `1:1 error front-matter-code: Front-matter in \`${language}\` is code and is never run: write it as YAML`,
      ]);
    }
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('reports broken YAML at its line and column in the file', () => {
    const { ok, messages } = read('---\ntitle: Kosovo\nsummary: [unclosed\n---\nBody\n');
    expect(ok).toBe(false);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^3:\d+ error front-matter: Invalid YAML in front-matter: /);
  });

  it('reports a wrong type at the offending value', () => {
    const { ok, messages } = read('---\ntitle: Kosovo\norder: third\n---\n');
    expect(ok).toBe(false);
    expect(messages).toEqual([
      '3:8 error front-matter: Front-matter `order`: expected number, received string',
    ]);
  });

  it('keeps other tools\u2019 keys and reads their ordering keys', () => {
    const { frontMatter, messages } = read(
      '---\nlayout: post\npermalink: /x/\nweight: 4\ndescription: Hugo text\n---\n',
    );
    expect(messages).toEqual([]);
    expect(frontMatter).toMatchObject({
      layout: 'post',
      permalink: '/x/',
      weight: 4,
      description: 'Hugo text',
    });
  });

  it('warns about a key that looks like a misspelling of ours', () => {
    const { ok, messages } = read('---\ntitle: X\nclassfication: SECRET\n---\n');
    expect(ok).toBe(true);
    expect(messages).toEqual([
      '3:1 warning front-matter: Unknown front-matter key `classfication` is ignored (did you mean `classification`?)',
    ]);
  });

  it('accepts a file without front-matter, and CRLF line ends', () => {
    expect(read('# Just a heading\n').messages).toEqual([]);
    const { frontMatter, messages } = read('---\r\ntitle: Windows\r\n---\r\nBody\r\n');
    expect(messages).toEqual([]);
    expect(frontMatter.title).toBe('Windows');
  });

  it('rejects front-matter that is not a mapping', () => {
    const { ok, messages } = read('---\n- a\n- b\n---\n');
    expect(ok).toBe(false);
    expect(messages).toEqual([
      '1:1 error front-matter: Front-matter must be a mapping of keys to values',
    ]);
  });
});
