// A small body (metadata document, token or registration answer) read whole as text, with a byte
// cap, always releasing the connection.
import type { OutboundResponse } from './types';

export type TextRead = { ok: true; text: string } | { ok: false; code: 'TOO_LARGE' | 'NETWORK' };

export async function readText(res: OutboundResponse, maxBytes: number): Promise<TextRead> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for await (const chunk of res.body) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) return { ok: false, code: 'TOO_LARGE' };
      text += decoder.decode(chunk, { stream: true });
    }
    return { ok: true, text: text + decoder.decode() };
  } catch {
    return { ok: false, code: 'NETWORK' };
  } finally {
    res.close();
  }
}
