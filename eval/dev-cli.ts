import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { isScript, runCliMain, type CommandIo } from './cli-main.ts';
import { DEV_SEEDS, formatDevReports, runDevSplits, type DevReport } from './dev-splits.ts';

/** `npm run eval:dev -- <dataset.jsonl> [more.jsonl …] [--seeds 1000,1001,…] [--oos-rate r] [--typo-rate t]`: train-only dev splits (see dev-splits.ts). */
export async function devCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { seeds: { type: 'string', default: DEV_SEEDS.join(',') }, 'oos-rate': { type: 'string' }, 'typo-rate': { type: 'string', default: '0' } },
  });
  const seeds = values.seeds.split(',').map(Number);
  const oosRate = values['oos-rate'] === undefined ? undefined : Number(values['oos-rate']);
  const typoRate = Number(values['typo-rate']);
  if (!positionals.length || seeds.some((s) => !Number.isInteger(s)) || (oosRate !== undefined && !(oosRate >= 0 && oosRate < 1)) || !(typoRate >= 0 && typoRate <= 1)) {
    io.err('usage: npm run eval:dev -- <dataset.jsonl> [more.jsonl …] [--seeds 1000,1001,1002,1003,1004] [--oos-rate 0.25] [--typo-rate 0.7]\n');
    return 2;
  }
  const config = loadConfig(io.env);
  const reports: DevReport[] = [];
  for (const dataset of positionals) {
    reports.push(await runDevSplits({
      dataset, seeds, oosRate, typoRate, cacheDir: path.join(config.dataDir, 'embeddings'),
      onProgress: (done, total) => io.err(`\r${path.basename(dataset)}: seed ${done}/${total}   ${done === total ? '\n' : ''}`),
    }));
  }
  io.out(`${formatDevReports(reports)}\n`);
  return 0;
}

// Run as a script (`npm run eval:dev`), not when a test imports the command.
if (isScript(import.meta.url)) runCliMain(devCommand);
