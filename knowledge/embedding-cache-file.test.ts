import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/test-support.ts';
import { FileEmbeddingCache } from './embedding-cache-file.ts';
import { CachedEmbeddings, type LanguageAwareEmbeddings } from './embeddings.ts';

const key = (n: number) => n.toString(16).padStart(32, '0');
const vec = (...xs: number[]) => Float32Array.from(xs);

describe('FileEmbeddingCache', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.cleanup());

  it('gives back exactly the saved vectors asked for, after a restart, and leaves out keys it does not hold', async () => {
    const folder = path.join(dir.dir, 'restart');
    await new FileEmbeddingCache(folder).save('m', new Map([[key(1), vec(1, 2, 3)], [key(2), vec(4, 5, 6)], [key(3), vec(0.5, -0.25, 7)]]));
    const got = await new FileEmbeddingCache(folder).read('m', [key(3), key(1), key(9), key(3)]);
    expect([...got.keys()].sort()).toEqual([key(1), key(3)]);
    expect([...got.get(key(3))!]).toEqual([0.5, -0.25, 7]);
    expect([...got.get(key(1))!]).toEqual([1, 2, 3]);
    expect((await new FileEmbeddingCache(folder).read('other-model', [key(1)])).size).toBe(0);
  });

  it('places concurrent saves and another process\'s appends correctly', async () => {
    const folder = path.join(dir.dir, 'shared');
    const a = new FileEmbeddingCache(folder);
    const b = new FileEmbeddingCache(folder);
    await a.read('m', [key(1)]); // a indexes the (empty) file
    await b.save('m', new Map([[key(1), vec(1, 1)]])); // then another writer appends
    await Promise.all([a.save('m', new Map([[key(2), vec(2, 2)]])), a.save('m', new Map([[key(3), vec(3, 3)]]))]);
    expect([...(await a.read('m', [key(2)])).get(key(2))!]).toEqual([2, 2]);
    expect([...(await a.read('m', [key(3)])).get(key(3))!]).toEqual([3, 3]);
    const fresh = await new FileEmbeddingCache(folder).read('m', [key(1), key(2), key(3)]);
    expect([1, 2, 3].map((n) => fresh.get(key(n))?.[0])).toEqual([1, 2, 3]);
  });

  it('ignores a torn final record (a crash mid-append) and keeps what precedes it', async () => {
    const folder = path.join(dir.dir, 'torn');
    await new FileEmbeddingCache(folder).save('m', new Map([[key(1), vec(1, 2)]]));
    const file = path.join(folder, 'm.bin');
    const whole = await readFile(file);
    await appendFile(file, whole.subarray(0, whole.length - 3));
    expect((await stat(file)).size).toBe(2 * whole.length - 3);
    const got = await new FileEmbeddingCache(folder).read('m', [key(1)]);
    expect([...got.get(key(1))!]).toEqual([1, 2]);
  });
});

describe('CachedEmbeddings over a file cache', () => {
  it('reads from the file only the texts it is asked for, and embeds only those it lacks', async () => {
    const dir = await tempDir();
    try {
      const embedded: string[] = [];
      const inner: LanguageAwareEmbeddings = {
        modelId: 'toy', languages: ['en'],
        embedDocuments: async (texts) => { embedded.push(...texts); return texts.map((t) => [t.length, 1]); },
        embedQuery: async (t) => [t.length, 1],
      };
      await new CachedEmbeddings(inner, new FileEmbeddingCache(dir.dir)).embedDocuments(['one', 'three', 'seventeen']);
      const store = new FileEmbeddingCache(dir.dir);
      const asked: string[][] = [];
      const spy = { read: (m: string, keys: readonly string[]) => { asked.push([...keys]); return store.read(m, keys); }, save: store.save.bind(store) };
      const restarted = new CachedEmbeddings(inner, spy);
      embedded.length = 0;
      expect(await restarted.embedDocuments(['three', 'four'])).toEqual([[5, 1], [4, 1]]);
      expect(embedded).toEqual(['four']);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toHaveLength(2);
      // Already held: neither read nor embedded again.
      await restarted.embedDocuments(['three', 'four']);
      expect(asked).toHaveLength(1);
      expect(embedded).toEqual(['four']);
    } finally {
      await dir.cleanup();
    }
  });
});
