import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CachedEmbeddings, createLanguageDetector, FileEmbeddingCache, KnowledgeBase, loadKnowledgeFolder, UseLiteEmbeddings, withConversationEntries,
} from '../knowledge/index.ts';
import { isScript, runCliMain, type CommandIo } from './cli-main.ts';
import { OOS, parseDataset } from './dataset.ts';
import { computeMetrics, languageShares } from './metrics.ts';
import { languageTable } from './report.ts';
import { askAll, DEFAULT_OOS_RATE, predictionsOf, type Asked } from './run.ts';

/**
 * `npm run eval:misses -- <dataset.jsonl>… --kb folder [--langs pl,ar] [--cache-dir dir]`
 *
 * Publishes the knowledge folder once, asks every dataset's questions as `npm run eval` does
 * (the bot's language choice, the configured 0.5 / 0.25 thresholds), prints each dataset's
 * per-language table, then every in-scope question of `--langs` whose own entry did not rank
 * first: the question, its entry and where it ranked, the entry ranked first, and both
 * candidates' confidence and signals. For reading what kind of error dominates a language
 * (inflection, vocabulary, two entries confused), on dev questions only.
 */
export async function missesCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { kb: { type: 'string' }, langs: { type: 'string' }, 'cache-dir': { type: 'string' } },
  });
  if (!positionals.length || !values.kb) {
    io.err('usage: npm run eval:misses -- <dataset.jsonl>… --kb knowledge-folder [--langs pl,ar] [--cache-dir dir]\n');
    return 2;
  }
  const langs = values.langs ? new Set(values.langs.split(',')) : undefined;
  const work = await mkdtemp(path.join(os.tmpdir(), 'faqbot-misses-'));
  try {
    const embeddings = new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(values['cache-dir'] ?? path.join(work, 'emb')));
    let kb: KnowledgeBase | undefined;
    const detector = await createLanguageDetector({ vocabulary: () => kb?.vocabulary });
    kb = await KnowledgeBase.open({ dir: path.join(work, 'kb'), embeddings, outOfScopeRate: DEFAULT_OOS_RATE });
    await kb.publish(await withConversationEntries(await loadKnowledgeFolder(values.kb)));
    for (const file of positionals) {
      const examples = parseDataset(await readFile(file, 'utf8'), path.basename(file)).filter((e) => e.split === 'test');
      const asked = await askAll(kb, detector, examples, 5, () => undefined);
      const preds = predictionsOf(asked, { answer: 0.5, clarify: 0.25, source: 'config' });
      const m = computeMetrics(preds);
      io.out(`\n== ${path.basename(file)}: MCC ${m.mcc.toFixed(3)}\n${languageTable({ byLanguage: languageShares(preds) })}\n`);
      for (const a of asked) {
        if (a.example.label === OOS || (langs && !langs.has(a.example.lang)) || a.ranked[0] === a.example.label) continue;
        io.out(`${describe(a)}\n`);
      }
    }
    return 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function describe(a: Asked): string {
  const rank = a.ranked.indexOf(a.example.label);
  const fmt = (id: string | undefined) => {
    const c = a.candidates.find((x) => x.entryId === id);
    if (!c) return `${id ?? '-'} (not among the candidates)`;
    const s = c.signals;
    return `${c.entryId} conf ${c.confidence.toFixed(2)} p ${(s.classifier ?? 0).toFixed(2)} lex ${s.lexical.toFixed(2)} cov ${s.coverage.toFixed(2)} ≈ "${c.matchedText}"`;
  };
  return `[${a.example.lang}] ${a.example.text}\n    want  #${rank < 0 ? '-' : rank + 1} ${fmt(a.example.label)}\n    got   ${fmt(a.ranked[0])}`;
}

if (isScript(import.meta.url)) runCliMain(missesCommand);
