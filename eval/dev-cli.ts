import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { runCliMain } from './cli-main.ts';
import { DEV_SEEDS, formatDevReports, runDevSplits, type DevReport } from './dev-splits.ts';

/** `npm run eval:dev -- <dataset.jsonl> [more.jsonl …] [--seeds 1000,1001,…] [--oos-rate r] [--typo-rate t]`: train-only dev splits (see dev-splits.ts). */
async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { seeds: { type: 'string', default: DEV_SEEDS.join(',') }, 'oos-rate': { type: 'string' }, 'typo-rate': { type: 'string', default: '0' } },
  });
  const seeds = values.seeds.split(',').map(Number);
  const oosRate = values['oos-rate'] === undefined ? undefined : Number(values['oos-rate']);
  const typoRate = Number(values['typo-rate']);
  if (!positionals.length || seeds.some((s) => !Number.isInteger(s)) || (oosRate !== undefined && !(oosRate >= 0 && oosRate < 1)) || !(typoRate >= 0 && typoRate <= 1)) {
    console.error('usage: npm run eval:dev -- <dataset.jsonl> [more.jsonl …] [--seeds 1000,1001,1002,1003,1004] [--oos-rate 0.25] [--typo-rate 0.7]');
    process.exit(2);
  }
  const config = loadConfig();
  const reports: DevReport[] = [];
  for (const dataset of positionals) {
    reports.push(await runDevSplits({
      dataset, seeds, oosRate, typoRate, cacheDir: path.join(config.dataDir, 'embeddings'),
      onProgress: (done, total) => process.stderr.write(`\r${path.basename(dataset)}: seed ${done}/${total}   ${done === total ? '\n' : ''}`),
    }));
  }
  console.log(formatDevReports(reports));
}

runCliMain(main);
