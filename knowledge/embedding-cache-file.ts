import { appendFile, mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddingCacheStore } from './embeddings.ts';

const KEY_BYTES = 32;
const LITTLE_ENDIAN = os.endianness() === 'LE';

/**
 * Append-only binary file per model: records of [32-byte hex key][u32 dim][dim × float32].
 * Float32 is what the index stores anyway, so nothing is lost by caching at that precision.
 */
export class FileEmbeddingCache implements EmbeddingCacheStore {
  constructor(private readonly dir: string) {}

  private file(modelId: string) {
    return path.join(this.dir, `${modelId.replace(/[^\w.-]/g, '_')}.bin`);
  }

  /**
   * Vectors are views into the file's bytes where alignment and byte order allow (no copy, no
   * per-float parsing: loading 100,000 vectors is one read), copies otherwise.
   */
  async load(modelId: string): Promise<Map<string, Float32Array>> {
    const map = new Map<string, Float32Array>();
    let buf: Buffer;
    try {
      buf = await readFile(this.file(modelId));
    } catch {
      return map;
    }
    let off = 0;
    while (off + KEY_BYTES + 4 <= buf.length) {
      const key = buf.toString('latin1', off, off + KEY_BYTES);
      const dim = buf.readUInt32LE(off + KEY_BYTES);
      const start = off + KEY_BYTES + 4;
      if (start + dim * 4 > buf.length) break; // torn final record after a crash: ignore it
      if (LITTLE_ENDIAN && (buf.byteOffset + start) % 4 === 0) {
        map.set(key, new Float32Array(buf.buffer, buf.byteOffset + start, dim));
      } else {
        const v = new Float32Array(dim);
        for (let i = 0; i < dim; i++) v[i] = buf.readFloatLE(start + i * 4);
        map.set(key, v);
      }
      off = start + dim * 4;
    }
    return map;
  }

  async save(modelId: string, added: Map<string, ArrayLike<number>>): Promise<void> {
    if (added.size === 0) return;
    await mkdir(this.dir, { recursive: true });
    const parts: Buffer[] = [];
    for (const [key, v] of added) {
      const rec = Buffer.alloc(KEY_BYTES + 4 + v.length * 4);
      rec.write(key.padEnd(KEY_BYTES, '0').slice(0, KEY_BYTES), 0, 'latin1');
      rec.writeUInt32LE(v.length, KEY_BYTES);
      for (let i = 0; i < v.length; i++) rec.writeFloatLE(v[i]!, KEY_BYTES + 4 + i * 4);
      parts.push(rec);
    }
    await appendFile(this.file(modelId), Buffer.concat(parts));
  }
}
