import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../mcp/findings';
import { AUTH_RULES } from '../auth/findings';
import { FIXES, fixFor } from './fixes';

const LIB = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * Ids the engine can emit, read from its source: every `…finding('X1'` / `…Finding('X1'` call and
 * every `{ id: 'X1', severity: … }` literal, so a new catalogue needs no change to this test.
 */
function emittedIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of sources(LIB)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/[fF]inding\(\s*'([A-Z][A-Z0-9]*)'/g)) ids.add(m[1]!);
    for (const m of text.matchAll(/\bid:\s*'([A-Z][A-Z0-9]*)',\s*severity:/g)) ids.add(m[1]!);
  }
  return ids;
}

describe('a one-line fix for every finding id', () => {
  it('covers every id in the catalogues', () => {
    const catalogued = [...Object.keys(RULES), ...Object.keys(AUTH_RULES)];
    expect(catalogued.length).toBeGreaterThan(40);
    expect(catalogued.filter((id) => !fixFor(id))).toEqual([]);
  });

  it('covers every id the engine emits (found in lib/ source)', () => {
    const ids = [...emittedIds()];
    // The scan itself works: it sees ids from both catalogues and the checker's own INTERNAL.
    expect(ids).toEqual(expect.arrayContaining(['T1', 'L4', 'A2', 'C1', 'INTERNAL']));
    expect(ids.filter((id) => !fixFor(id))).toEqual([]);
  });

  it('keeps each fix to one short line', () => {
    for (const [id, line] of Object.entries(FIXES)) {
      expect(line, id).not.toMatch(/\n/);
      expect(line.length, id).toBeLessThanOrEqual(200);
      expect(line.length, id).toBeGreaterThan(20);
    }
  });

  it('has no fix for an unknown id (and no prototype keys)', () => {
    expect(fixFor('NOPE')).toBeUndefined();
    expect(fixFor('toString')).toBeUndefined();
  });
});
