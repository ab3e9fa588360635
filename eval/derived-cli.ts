import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { runCliMain } from './cli-main.ts';
import { runDerivedKb } from './derived-kb.ts';

/**
 * `npm run eval:derived -- <knowledge-folder> [--phrasings 1] [--folds 0,1,2,3,4] [--cache-dir dir]`:
 * the derived dev set of derived-kb.ts, averaged over folds, per language.
 */
async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { phrasings: { type: 'string' }, folds: { type: 'string', default: '0,1,2,3,4' }, 'cache-dir': { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: npm run eval:derived -- <knowledge-folder> [--phrasings 1] [--folds 0,1,2,3,4] [--cache-dir dir]');
    process.exit(2);
  }
  const config = loadConfig();
  const folds = values.folds.split(',').map(Number);
  const sums = new Map<string, Record<string, number>>();
  for (const fold of folds) {
    const r = await runDerivedKb({
      kbDir: positionals[0]!, fold, phrasings: values.phrasings === undefined ? undefined : Number(values.phrasings),
      cacheDir: values['cache-dir'] ?? path.join(config.dataDir, 'embeddings'), maxWrongAnswerRate: config.maxWrongAnswerRate,
    });
    for (const [lang, s] of Object.entries(r)) {
      const acc = sums.get(lang) ?? {};
      for (const k of ['answeredRight', 'answeredWrong', 'clarifiedRight', 'handedOff', 'wrongOfAnswers', 'outOfScopeAnswered', 'ece', 'top1', 'meanConfidence', 'top3'] as const) {
        acc[k] = (acc[k] ?? 0) + s[k] / folds.length;
      }
      acc.answer = (acc.answer ?? 0) + (s.thresholds?.answer ?? 0) / folds.length;
      sums.set(lang, acc);
    }
    process.stderr.write(`fold ${fold} done\n`);
  }
  const cols = ['answeredRight', 'answeredWrong', 'clarifiedRight', 'handedOff', 'wrongOfAnswers', 'outOfScopeAnswered', 'ece', 'top1', 'meanConfidence', 'top3', 'answer'];
  console.log(['lang', ...cols].join('\t'));
  for (const [lang, acc] of [...sums].sort()) console.log([lang, ...cols.map((c) => acc[c]!.toFixed(3))].join('\t'));
}

runCliMain(async () => (await main(), 0));
