/**
 * The compressed payload `z=`: a JSON object of `key → value text` (the same keys and codecs as the
 * flat pairs), UTF-8, compressed with `CompressionStream('deflate-raw')`, written as base64url
 * without padding. Used only for big values (user data points).
 *
 * Reading is bounded: the text is at most the hash's length, and inflation stops as soon as the
 * output passes PAYLOAD_LIMITS.inflated (a small payload that inflates to gigabytes is refused early).
 */

export const PAYLOAD_LIMITS = {
  /** Bytes of inflated JSON. */
  inflated: 16 * 1024 * 1024,
} as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Bytes of base64url text (no padding), or null if it is not base64url. */
export function fromBase64url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null; // 6 bits cannot end a byte
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0, bits = 0, j = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? INDEX[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | 'too big'> {
  const writer = stream.writable.getWriter();
  // Errors surface on the reader; these promises must not be left unhandled.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      return 'too big';
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** JSON object of strings → `z` text. */
export async function packPayload(entries: Record<string, string>): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(entries));
  const packed = await pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
  return toBase64url(packed as Uint8Array);
}

/** `z` text → the JSON object of strings, or why it was refused. Never throws. */
export async function unpackPayload(text: string): Promise<{ ok: true; entries: Record<string, string> } | { ok: false; reason: string }> {
  const bytes = fromBase64url(text);
  if (!bytes) return { ok: false, reason: 'is not base64url text' };
  let inflated: Uint8Array | 'too big';
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate-raw'), PAYLOAD_LIMITS.inflated);
  } catch {
    return { ok: false, reason: 'is not valid deflate-raw data' };
  }
  if (inflated === 'too big') return { ok: false, reason: `inflates to more than ${PAYLOAD_LIMITS.inflated / 1024 / 1024} MB; refused` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    return { ok: false, reason: 'does not hold UTF-8 JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, reason: 'must hold a JSON object' };
  const entries: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(json)) {
    if (typeof v !== 'string') return { ok: false, reason: `entry ${JSON.stringify(k.slice(0, 40))} must be text` };
    entries[k] = v;
  }
  return { ok: true, entries };
}
