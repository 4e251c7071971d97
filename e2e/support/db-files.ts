// Test helper (not app code): what someone holding the database files could read out of them.
// Reports are stored gzipped (db/store.ts), so grepping the raw bytes for a report's content finds
// nothing even before it is purged; a privacy test must look inside the compressed blobs too.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { constants, gunzipSync, inflateRawSync } from 'node:zlib';
import { createClient } from '@libsql/client';

/** Every gzip member in `bytes` that still inflates, even in part (a damaged or cut-off one yields what it can). */
function inflateMembers(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  // A gzip member starts 1f 8b 08 (RFC 1952, 2.3.1); Node writes no optional header fields (FLG 0),
  // so the deflate data starts 10 bytes on.
  for (let i = bytes.indexOf(0x1f); i !== -1 && i + 10 < bytes.length; i = bytes.indexOf(0x1f, i + 1)) {
    if (bytes[i + 1] !== 0x8b || bytes[i + 2] !== 0x08 || bytes[i + 3] !== 0) continue;
    try {
      // SYNC_FLUSH: return what decodes instead of failing on a stream that stops early.
      const text = inflateRawSync(bytes.subarray(i + 10), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 });
      if (text.length > 0) out.push(text);
    } catch {
      // not a member after all, or damaged past its first block
    }
  }
  return out;
}

/** The files under `dir` (database, WAL, ...) as raw bytes, plus whatever their gzip members inflate to. */
export async function recoverableBytes(dir: string): Promise<{ file: string; bytes: Buffer }[]> {
  const found: { file: string; bytes: Buffer }[] = [];
  for (const name of await readdir(dir).catch(() => [])) {
    const file = path.join(dir, name);
    if ((await stat(file).catch(() => undefined))?.isDirectory()) {
      found.push(...(await recoverableBytes(file)));
      continue;
    }
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) continue;
    found.push({ file, bytes });
    for (const inflated of inflateMembers(bytes)) found.push({ file: `${file} (inflated)`, bytes: inflated });
    // A report larger than a page continues in overflow pages, so the raw scan above cannot
    // reassemble it: read every live row through SQLite too (WAL included), as anyone could.
    if (name.endsWith('.db')) for (const cell of await rowValues(file)) found.push({ file: `${file} (rows)`, bytes: cell });
  }
  return found;
}

/** Whether `text` can be read back from any file in `dir`, raw or inside a compressed report. */
export async function canRecover(dir: string, text: string): Promise<boolean> {
  return (await recoverableBytes(dir)).some(({ bytes }) => bytes.includes(text));
}

/** Every value of every row of every table in an SQLite file, blobs gunzipped where they are gzip. */
async function rowValues(file: string): Promise<Buffer[]> {
  const client = createClient({ url: `file:${file}` });
  const out: Buffer[] = [];
  try {
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const t of tables.rows) {
      const rows = await client.execute(`SELECT * FROM "${String(t.name).replace(/"/g, '""')}"`);
      for (const row of rows.rows) {
        for (const v of Object.values(row)) {
          if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
            const b = Buffer.from(v instanceof ArrayBuffer ? v : v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
            out.push(b);
            try {
              out.push(gunzipSync(b, { maxOutputLength: 8 * 1024 * 1024 }));
            } catch {
              // not gzip
            }
          } else if (v !== null && v !== undefined) {
            out.push(Buffer.from(String(v)));
          }
        }
      }
    }
  } catch {
    // not a database after all, or locked: the raw scan stands alone
  } finally {
    client.close();
  }
  return out;
}
