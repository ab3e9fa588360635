import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { runCliMain } from './cli-main.ts';
import { parseDataset } from './dataset.ts';
import { afterOtherQuestions, formatFollowUps, parseFollowUps, runFollowUps, splitQuestions } from './follow-ups.ts';

/**
 * `npm run eval:follow-ups -- <file.jsonl>… [--kb folder] [--split | --after-other] [--alone] [--verbose] [--json out.json]`:
 * every second message of the files right after its context, to the real bot; prints per kind and
 * language what it did. `--alone` reads every message without the one before it. With `--split`
 * or `--after-other` the files are question datasets (`{text, label, lang}`): each question sent
 * in two parts, or asked right after another question (see splitQuestions, afterOtherQuestions).
 */
async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      kb: { type: 'string' }, json: { type: 'string' }, alone: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false },
      split: { type: 'boolean', default: false }, 'after-other': { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const files = positionals.length ? positionals : [new URL('./follow-ups-dev.jsonl', import.meta.url).pathname];
  const contents = await Promise.all(files.map(async (f) => ({ name: path.basename(f), text: await readFile(f, 'utf8') })));
  const questions = () => contents.flatMap((c) => parseDataset(c.text, c.name));
  const examples = values.split ? splitQuestions(questions()) : values['after-other'] ? afterOtherQuestions(questions()) : contents.flatMap((c) => parseFollowUps(c.text));
  const results = await runFollowUps({
    examples,
    kbDir: values.kb ? path.resolve(values.kb) : config.kbDir,
    cacheDir: path.join(config.dataDir, 'embeddings'),
    policy: { answerThreshold: config.answerThreshold, clarifyThreshold: config.clarifyThreshold, maxFailedAttempts: config.maxFailedAttempts, ...(values.alone ? { followUpOdds: 1, continuations: false } : {}) },
  });
  if (values.verbose) for (const r of results) console.log(`${r.lang}\t${r.kind}\t${r.outcome}\t${r.label}\t${r.entryId ?? ''}\t${r.text}`);
  console.log(formatFollowUps(results));
  if (values.json) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
}

runCliMain(async () => (await main(), 0));
