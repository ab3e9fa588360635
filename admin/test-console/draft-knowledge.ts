import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KnowledgeBase, serializeEntryMarkdown, type FaqEntry, type LanguageAwareEmbeddings } from '../../knowledge/index.ts';

export interface DraftKnowledgeOptions {
  /** The live knowledge base's embedder (CachedEmbeddings): unchanged texts come from its cache. */
  embeddings: LanguageAwareEmbeddings;
  /** Language searched when a question's has no content. Default "en". */
  defaultLang?: string;
  /** Parent of the throwaway folders. Default the OS temp folder. */
  tempRoot?: string;
  /** How long a replaced build stays on disk for questions still being matched on it, in ms. Default 30000. */
  retireAfterMs?: number;
}

/**
 * Fingerprint of a set of entries: equal drafts, equal hash, whatever their order. Not
 * `entriesHash` (which depends on the order): a publish gate override is stored in the audit log
 * under this hash and found again by it, so its format must stay as it is.
 */
export function draftsHash(entries: FaqEntry[]): string {
  const h = createHash('sha256');
  for (const e of [...entries].sort((a, b) => a.id.localeCompare(b.id))) h.update(`${e.status}\0${serializeEntryMarkdown(e)}\0`);
  return h.digest('hex');
}

interface Build {
  hash: string;
  dir: string;
  /** Undefined when the drafts hold nothing matchable (no published entry with a question). */
  kb: Promise<KnowledgeBase | undefined>;
}

/**
 * A knowledge base built from the drafts in a temp folder, for the test console: never the live
 * one, so trying a draft cannot change what customers get. Rebuilt only when the drafts change
 * (keyed by their hash); concurrent questions on the same drafts share one build.
 */
export class DraftKnowledge {
  private current?: Build;
  private readonly retired = new Set<string>();
  private closed = false;

  constructor(private readonly options: DraftKnowledgeOptions) {}

  /** The knowledge base for these drafts, built on first use and cached until they change. */
  async get(entries: FaqEntry[]): Promise<KnowledgeBase | undefined> {
    if (this.closed) throw new Error('DraftKnowledge is closed');
    const hash = draftsHash(entries);
    if (this.current?.hash === hash) return this.current.kb;
    const previous = this.current;
    const dir = await mkdtemp(path.join(this.options.tempRoot ?? os.tmpdir(), 'faqbot-draft-kb-'));
    const kb = this.build(dir, entries);
    const build: Build = { hash, dir, kb };
    this.current = build;
    // A failed build must not stay cached: the next question tries again.
    kb.catch(() => {
      if (this.current === build) this.current = undefined;
      void rm(dir, { recursive: true, force: true });
    });
    if (previous) this.retire(previous.dir);
    return kb;
  }

  /** Hash of the drafts the cached build was made from (tests, diagnostics). */
  get cachedHash(): string | undefined {
    return this.current?.hash;
  }

  private async build(dir: string, entries: FaqEntry[]): Promise<KnowledgeBase | undefined> {
    const kb = await KnowledgeBase.open({ dir, embeddings: this.options.embeddings, defaultLang: this.options.defaultLang });
    const matchable = entries.some((e) => e.status === 'published' && e.variants.some((v) => v.question.trim()));
    if (!matchable) return undefined;
    await kb.publish(entries, { note: 'test console draft' });
    return kb;
  }

  /** Remove an old build later: a question may still be matching on it right now. */
  private retire(dir: string) {
    this.retired.add(dir);
    setTimeout(() => {
      this.retired.delete(dir);
      void rm(dir, { recursive: true, force: true });
    }, this.options.retireAfterMs ?? 30_000).unref();
  }

  /** Delete every folder this cache made. */
  async close(): Promise<void> {
    this.closed = true;
    const dirs = [...this.retired, ...(this.current ? [this.current.dir] : [])];
    await this.current?.kb.catch(() => undefined);
    this.current = undefined;
    this.retired.clear();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}
