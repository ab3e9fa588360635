import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { runAnalyticsBench } from './analytics.ts';
import { CHANNEL_BENCH_HEADER, runChannelBench } from './channels.ts';
import { LOAD_BENCH_HEADER, runLoadBench } from './load.ts';
import { runMemoryBench } from './memory.ts';
import { QUALITY_HEADER, runQualityBench } from './quality.ts';
import { SPEED_HEADER, runSpeedBench } from './speed.ts';
import { runTurnCostBench } from './turn-cost.ts';

/**
 * `npm run bench [-- --only quality|speed|channels|load|analytics] [--sizes 100,1000,10000,100000] [--datasets hint3,10shot]`
 * `[--seconds 8] [--levels 10,50,200] [--setups one,two] [--burst 2000] [--sustain 0]` (load: see bench/load.ts)
 * `--only turn-cost [--messages 300] [--statements]` (bench/turn-cost.ts, in process; only when named).
 * `--only memory [--runs 3] [--messages 200] [--rest-seconds 90] [--root ../other-checkout]` (bench/memory.ts).
 * `[--server-env NAME=value,NAME=value]` (load and memory): added to every server's environment;
 * `[--root ../other-checkout]` (load and memory): measure that tree's server.
 * `[--days 365] [--per-day 10000] [--database-url postgres://…]` (analytics).
 * Quality: every shared dataset, ours and NLP.js side by side. Speed: matching latency
 * against the bare embedding cost at several knowledge-base sizes. Ratios and percentiles,
 * measured on this machine; nothing is asserted.
 */
async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, sizes: { type: 'string', default: '100,1000,10000,100000' }, datasets: { type: 'string' },
    seconds: { type: 'string', default: '8' }, levels: { type: 'string', default: '10,50,200' }, setups: { type: 'string', default: 'one,two' }, burst: { type: 'string', default: '2000' }, sustain: { type: 'string', default: '0' },
    messages: { type: 'string' }, statements: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' }, 'rest-seconds': { type: 'string', default: '90' }, root: { type: 'string' }, 'server-env': { type: 'string' },
    days: { type: 'string', default: '365' }, 'per-day': { type: 'string', default: '10000' }, 'database-url': { type: 'string' } } });
  const cacheDir = path.join(loadConfig().dataDir, 'embeddings');
  const serverEnv = Object.fromEntries((values['server-env'] ?? '').split(',').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--server-env takes NAME=value pairs separated by commas, not "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
  const log = (line: string) => console.log(line);
  if (!values.only || values.only === 'quality') {
    console.log('\nAnswer quality (test split; thresholds from val or a train holdout, never test)\n');
    console.log(QUALITY_HEADER);
    // --datasets: only the quality rows whose name contains one of these (see selectDatasets).
    await runQualityBench(cacheDir, log, values.datasets ? values.datasets.split(',') : []);
  }
  if (!values.only || values.only === 'speed') {
    console.log('\nMatching speed (BANKING77 texts as alternates; 300 test questions each)\n');
    console.log(SPEED_HEADER);
    await runSpeedBench(values.sizes!.split(',').map(Number), cacheDir, log);
  }
  if (!values.only || values.only === 'channels') {
    console.log('\nChannels: inbound webhook → outbound provider call, against local fake providers\n');
    console.log(CHANNEL_BENCH_HEADER);
    await runChannelBench({ log });
  }
  if (!values.only || values.only === 'load') {
    console.log(`\nLoad: the real server (child process), closed-loop clients; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start\n`);
    console.log(LOAD_BENCH_HEADER);
    await runLoadBench({
      cacheDir, log, seconds: Number(values.seconds), levels: values.levels!.split(',').map(Number),
      setups: values.setups!.split(',') as Array<'one' | 'two'>, burst: Number(values.burst), sustain: Number(values.sustain), serverEnv,
      root: values.root && path.resolve(values.root),
    });
    console.log(`(load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end)`);
  }
  if (values.only === 'turn-cost') {
    console.log(`\nTurn cost: statements, transactions and CPU time per message, in process; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start\n`);
    await runTurnCostBench({ cacheDir, log, messages: Number(values.messages ?? 300), statements: values.statements });
  }
  if (!values.only || values.only === 'memory') {
    console.log(`\nMemory: the real server (child process, PGlite, sample knowledge base) at rest and after chat messages; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start\n`);
    await runMemoryBench({
      cacheDir, log, runs: Number(values.runs), messages: Number(values.messages ?? 200), restSeconds: Number(values['rest-seconds']),
      root: values.root && path.resolve(values.root), serverEnv,
    });
    console.log(`(load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end)`);
  }
  if (!values.only || values.only === 'analytics') {
    console.log('\nAnalytics: a synthetic history in the rollups, the dashboard\'s queries timed\n');
    await runAnalyticsBench({ days: Number(values.days), perDay: Number(values['per-day']), databaseUrl: values['database-url'], log });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
