import { describe, expect, it } from 'vitest';
import type { Finding } from '../report/schema';
import { QUOTE_CLOSE, QUOTE_OPEN } from '../report/redact';
import { checkLookalikes, skeleton, WELL_KNOWN_TOOLS } from './lookalike';

function lookalikes(...names: string[]): Finding[] {
  const findings: Finding[] = [];
  checkLookalikes(
    names.map((name) => ({ name })),
    findings,
    () => 'tools/list',
  );
  return findings;
}
const plain = (s: string) => s.replaceAll(QUOTE_OPEN, '').replaceAll(QUOTE_CLOSE, '');

describe('lookalike tool names (S22)', () => {
  it('flags a Cyrillic letter in a copy of a well-known name, with the letter spelled out', () => {
    const [f, ...rest] = lookalikes('re\u0430d_file', 'add');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'S22', severity: 'warning', stepId: 'tools/list', evidence: 're⟨U+0430 Cyrillic⟩d_file' });
    expect(plain(f!.message)).toMatch(/^Tool "reаd_file" looks like "read_file", a tool of the well-known filesystem server, but is a different name: .* It mixes Latin and Cyrillic letters\.$/);
  });

  it.each([
    ['read_fiIe', 'read_file', 'capital I for l'],
    ['create_issue', 'create_issue', 'exact name: not a lookalike'],
    ['git_c0mmit', 'git_commit', 'zero for o'],
    ['brovvser_click', 'browser_click', 'vv for w'],
    ['ｗｒｉｔｅ_file', 'write_file', 'fullwidth letters'],
    ['search_fi1es', 'search_files', 'one for l'],
  ])('%s against %s (%s)', (name, known, why) => {
    expect(WELL_KNOWN_TOOLS[known]).toBeDefined();
    const found = lookalikes(name);
    if (name === known) expect(found, why).toEqual([]);
    else expect(plain(found[0]?.message ?? ''), why).toContain(`looks like "${known}"`);
  });

  it('flags the later of two tools of one catalogue whose names look the same, once', () => {
    const found = lookalikes('get_balance', 'transfer', 'get_baIance');
    expect(found).toHaveLength(1);
    expect(plain(found[0]!.message)).toMatch(/^Tool "get_baIance" looks like "get_balance", another tool of this server/);
    expect(found[0]!.evidence).toBe('get_baIance ≈ get_balance');
  });

  it('prefers the plain-ASCII name as the original whatever the order', () => {
    const found = lookalikes('s\u0435nd_mail', 'send_mail');
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toBe('s⟨U+0435 Cyrillic⟩nd_mail');
  });

  it('flags a name that mixes scripts even when it copies nothing', () => {
    const [f] = lookalikes('\u03c1ay_invoice');
    expect(plain(f!.message)).toMatch(/"ρay_invoice" mixes Latin and Greek letters/);
  });

  it('raises nothing for ordinary catalogues: case variants, one-script names, similar but distinct names', () => {
    expect(lookalikes('read_file', 'write_file', 'Read_File', 'list_directory', 'list_directories', 'get-forecast', 'get_forecast')).toEqual([]);
    expect(lookalikes('найти_файл', '検索', 'echo', 'add', 'longRunningOperation', 'printEnv', 'sampleLLM', 'getTinyImage')).toEqual([]);
  });

  it('skeletons fold what renders alike and keep what does not', () => {
    expect(skeleton('rn0de1')).toBe(skeleton('model'));
    expect(skeleton('\u0430\u0435\u043e\u0440\u0441')).toBe('aeopc');
    expect(skeleton('read_file')).not.toBe(skeleton('read-file'));
  });
});
