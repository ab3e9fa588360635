import { mkdir, open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddingCacheStore } from './embeddings.ts';

const KEY_BYTES = 32;
const HEADER_BYTES = KEY_BYTES + 4;
const LITTLE_ENDIAN = os.endianness() === 'LE';
/** Bytes read at a time while indexing a cache file. */
const SCAN_CHUNK = 8 << 20;

/** Where each stored vector is: record offsets and dimensions by key. */
interface FileIndex {
  slots: Map<string, number>;
  offsets: number[];
  dims: number[];
  /** Saves to this model's file, one at a time (each needs the file's end before it writes). */
  writing: Promise<unknown>;
}

/**
 * Append-only binary file per model: records of [32-byte hex key][u32 dim][dim × float32].
 * Float32 is what the index stores anyway, so nothing is lost by caching at that precision.
 *
 * Only an index (key → offset) is kept in memory; vectors are read when asked for. The file
 * holds every text the model ever embedded here (old versions, drafts, evals), so loading it
 * whole made a server's memory grow with the cache's history rather than with its knowledge base.
 */
export class FileEmbeddingCache implements EmbeddingCacheStore {
  private readonly indexes = new Map<string, Promise<FileIndex>>();

  constructor(private readonly dir: string) {}

  private file(modelId: string) {
    return path.join(this.dir, `${modelId.replace(/[^\w.-]/g, '_')}.bin`);
  }

  private index(modelId: string): Promise<FileIndex> {
    let index = this.indexes.get(modelId);
    if (!index) {
      index = this.scan(this.file(modelId));
      this.indexes.set(modelId, index);
    }
    return index;
  }

  /**
   * Index a cache file, reading it in chunks. A torn final record (a crash mid-append) ends the
   * scan; it is not cut off, since another process sharing the folder may be appending it now.
   */
  private async scan(file: string): Promise<FileIndex> {
    const index: FileIndex = { slots: new Map(), offsets: [], dims: [], writing: Promise.resolve() };
    const handle = await open(file, 'r').catch(() => undefined);
    if (!handle) return index;
    try {
      const fileSize = (await handle.stat()).size;
      let off = 0;
      while (off + HEADER_BYTES <= fileSize) {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(Math.min(SCAN_CHUNK, fileSize - off)), 0, Math.min(SCAN_CHUNK, fileSize - off), off);
        let at = 0;
        while (at + HEADER_BYTES <= bytesRead) {
          const dim = buffer.readUInt32LE(at + KEY_BYTES);
          if (off + at + HEADER_BYTES + dim * 4 > fileSize) break;
          const key = buffer.toString('latin1', at, at + KEY_BYTES);
          index.slots.set(key, index.offsets.length);
          index.offsets.push(off + at);
          index.dims.push(dim);
          at += HEADER_BYTES + dim * 4;
        }
        if (at === 0) break; // torn final record
        off += at;
      }
    } finally {
      await handle.close();
    }
    return index;
  }

  /**
   * The stored vectors among `keys`. Records next to each other in the file are read in one go,
   * and vectors are views into what was read where alignment and byte order allow (no per-float
   * parsing), copies otherwise.
   */
  async read(modelId: string, keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const index = await this.index(modelId);
    const out = new Map<string, Float32Array>();
    const slots = [...new Set(keys.map((k) => index.slots.get(k)).filter((s): s is number => s !== undefined))]
      .sort((a, b) => index.offsets[a]! - index.offsets[b]!);
    if (!slots.length) return out;
    const handle = await open(this.file(modelId), 'r');
    try {
      for (let i = 0; i < slots.length;) {
        // A run of records that follow one another in the file, up to SCAN_CHUNK bytes.
        const start = index.offsets[slots[i]!]!;
        let end = start + HEADER_BYTES + index.dims[slots[i]!]! * 4;
        let j = i + 1;
        while (j < slots.length && index.offsets[slots[j]!] === end && end - start < SCAN_CHUNK) {
          end += HEADER_BYTES + index.dims[slots[j]!]! * 4;
          j++;
        }
        const { buffer } = await handle.read(Buffer.alloc(end - start), 0, end - start, start);
        for (let s = i; s < j; s++) {
          const at = index.offsets[slots[s]!]! - start;
          const dim = index.dims[slots[s]!]!;
          const key = buffer.toString('latin1', at, at + KEY_BYTES);
          const from = at + HEADER_BYTES;
          if (LITTLE_ENDIAN && (buffer.byteOffset + from) % 4 === 0) {
            out.set(key, new Float32Array(buffer.buffer, buffer.byteOffset + from, dim));
          } else {
            const v = new Float32Array(dim);
            for (let d = 0; d < dim; d++) v[d] = buffer.readFloatLE(from + d * 4);
            out.set(key, v);
          }
        }
        i = j;
      }
    } finally {
      await handle.close();
    }
    return out;
  }

  async save(modelId: string, added: Map<string, ArrayLike<number>>): Promise<void> {
    if (added.size === 0) return;
    const index = await this.index(modelId);
    const parts: Buffer[] = [];
    const placed: Array<[key: string, at: number, dim: number]> = [];
    let bytes = 0;
    for (const [key, v] of added) {
      const rec = Buffer.alloc(HEADER_BYTES + v.length * 4);
      const k = key.padEnd(KEY_BYTES, '0').slice(0, KEY_BYTES);
      rec.write(k, 0, 'latin1');
      rec.writeUInt32LE(v.length, KEY_BYTES);
      for (let i = 0; i < v.length; i++) rec.writeFloatLE(v[i]!, HEADER_BYTES + i * 4);
      parts.push(rec);
      placed.push([k, bytes, v.length]);
      bytes += rec.length;
    }
    const write = index.writing.then(async () => {
      await mkdir(this.dir, { recursive: true });
      const handle = await open(this.file(modelId), 'a');
      try {
        // The file's real end: another process sharing the folder may have appended since.
        const end = (await handle.stat()).size;
        await handle.write(Buffer.concat(parts));
        for (const [k, at, dim] of placed) {
          index.slots.set(k, index.offsets.length);
          index.offsets.push(end + at);
          index.dims.push(dim);
        }
      } finally {
        await handle.close();
      }
    });
    index.writing = write.catch(() => undefined);
    await write;
  }
}
