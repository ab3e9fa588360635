import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { runCliMain } from './cli-main.ts';
import { formatFollowUps, parseFollowUps, runFollowUps } from './follow-ups.ts';

/**
 * `npm run eval:follow-ups -- <file.jsonl> [--kb folder] [--alone] [--verbose] [--json out.json]`:
 * every second message of the file right after its context's answer, to the real bot; prints
 * per kind and language what it did. `--alone` reads every message without the answer before it.
 */
async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { kb: { type: 'string' }, json: { type: 'string' }, alone: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
  });
  const config = loadConfig();
  const file = positionals[0] ?? new URL('./follow-ups-dev.jsonl', import.meta.url).pathname;
  const results = await runFollowUps({
    examples: parseFollowUps(await readFile(file, 'utf8')),
    kbDir: values.kb ? path.resolve(values.kb) : config.kbDir,
    cacheDir: path.join(config.dataDir, 'embeddings'),
    policy: { answerThreshold: config.answerThreshold, clarifyThreshold: config.clarifyThreshold, maxFailedAttempts: config.maxFailedAttempts, ...(values.alone ? { followUpOdds: 1 } : {}) },
  });
  if (values.verbose) for (const r of results) console.log(`${r.lang}\t${r.kind}\t${r.outcome}\t${r.label}\t${r.entryId ?? ''}\t${r.text}`);
  console.log(formatFollowUps(results));
  if (values.json) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
}

runCliMain(async () => (await main(), 0));
