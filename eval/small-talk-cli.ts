import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { runCliMain } from './cli-main.ts';
import { formatSmallTalk, parseSmallTalk, runSmallTalk } from './small-talk.ts';

/**
 * `npm run eval:small-talk -- [eval/small-talk.jsonl] [--kb folder] [--no-conversation] [--after-failure] [--json out.json]`:
 * every small-talk message as a first message to the real bot (with `--after-failure`, right
 * after a message it does not understand); prints how many were handed off.
 */
async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { kb: { type: 'string' }, json: { type: 'string' }, 'no-conversation': { type: 'boolean', default: false }, 'after-failure': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
  });
  const config = loadConfig();
  const file = positionals[0] ?? new URL('./small-talk.jsonl', import.meta.url).pathname;
  const report = await runSmallTalk({
    examples: parseSmallTalk(await readFile(file, 'utf8')),
    kbDir: values.kb ? path.resolve(values.kb) : config.kbDir,
    cacheDir: path.join(config.dataDir, 'embeddings'),
    conversationEntries: !values['no-conversation'],
    policy: { answerThreshold: config.answerThreshold, clarifyThreshold: config.clarifyThreshold, maxFailedAttempts: config.maxFailedAttempts },
    // Letters in no language: not understood in any conversation.
    afterFailure: values['after-failure'] ? 'qwv zzkx plorb' : undefined,
  });
  if (values.verbose) for (const o of report.outcomes) console.log(`${o.lang}\t${o.kind}\t${o.outcome}\t${o.entryId ?? ''}\t${o.text}`);
  console.log(formatSmallTalk(report));
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

runCliMain(async () => (await main(), 0));
