/**
 * Resident memory of the real server at rest, with the embedded database (PGlite) and the sample
 * knowledge base: one first start on a fresh data folder (which publishes the sample, in the
 * server's own process), then `runs` restarts on that folder (which open the published version,
 * as a server does every later start). For each restart: RSS a few seconds after it answers
 * `/api/health` (the embedding model is not loaded yet: it loads on the first question or the
 * first `/api/ready`), then after one `/api/ready` (as a deployment's readiness probe sends) and
 * `restSeconds` idle (V8 shrinks its heap some time after the start's allocations stop), then
 * after `messages` chat messages, and after `restSeconds` idle again. Medians, with each run's
 * figure. Figures measured on this machine; nothing is asserted.
 *
 * `npm run bench -- --only memory [--runs 3] [--messages 200] [--rest-seconds 90] [--root ../other-checkout]`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { percentile } from '../eval/index.ts';
import { freePort } from '../shared/index.ts';
import { send } from './load-client.ts';
import { startServer, type ServerProcess } from './load-server.ts';
import { sampleQuestions } from './load.ts';

export interface MemoryBenchOptions {
  /** Folder of the shared embedding cache (copied into the data folder). */
  cacheDir: string;
  /** Restarts measured. Default 3. */
  runs?: number;
  /** Chat messages sent after the rest measurement. Default 200. */
  messages?: number;
  /** Idle seconds before the settled figure. Default 90. */
  restSeconds?: number;
  /** The source tree whose server is measured (another checkout: before and after a change). Default this one. */
  root?: string;
  /** The server's port. Default: a free one from the operating system, at each start. */
  port?: number;
  /** Environment added to every server's (`--server-env`): a setting's effect, before and after. */
  serverEnv?: Record<string, string>;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (v: number) => v.toFixed(0);

/** `messages` chat messages, 10 at a time, from 50 customers, the sample's questions in turn. */
async function chatMessages(server: ServerProcess, questions: string[], messages: number): Promise<number> {
  let sent = 0;
  let answered = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (sent < messages) {
      const i = sent++;
      const r = await send({ url: `${server.url}/api/chat`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `memory-${i % 50}`, text: questions[i % questions.length] }) });
      if (r.status === 200) answered++;
    }
  }));
  return answered;
}

export async function runMemoryBench(options: MemoryBenchOptions): Promise<void> {
  const { cacheDir, runs = 3, messages = 200, restSeconds = 90, root, port, serverEnv: env, log = () => undefined } = options;
  const questions = await sampleQuestions();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'faqbot-memory-'));
  const rest: number[] = [];
  const settled: number[] = [];
  const afterMessages: number[] = [];
  const settledAfterMessages: number[] = [];
  try {
    const first = await startServer({ port: port ?? await freePort(), env, cacheDir, label: 'memory', dataDir, root });
    await sleep(3000);
    const firstRss = await first.rssMb();
    await sleep(Math.max(0, restSeconds - 3) * 1000);
    const firstSettled = await first.rssMb();
    await first.stop();
    log(`first start (publishes the sample in process): ${mb(firstRss)} MB 3 s after it answers, ${mb(firstSettled)} MB after ${restSeconds} s idle`);
    for (let run = 0; run < runs; run++) {
      const server = await startServer({ port: port ?? await freePort(), env, cacheDir, label: 'memory', dataDir, root });
      try {
        await sleep(3000);
        rest.push(await server.rssMb());
        const probe = await send({ url: `${server.url}/api/ready` });
        await sleep(restSeconds * 1000);
        settled.push(await server.rssMb());
        const answered = await chatMessages(server, questions, messages);
        await sleep(3000);
        afterMessages.push(await server.rssMb());
        await sleep(Math.max(0, restSeconds - 3) * 1000);
        settledAfterMessages.push(await server.rssMb());
        log(`restart ${run + 1}: ${mb(rest.at(-1)!)} MB 3 s after it answers (model not loaded), ${mb(settled.at(-1)!)} MB ${restSeconds} s after /api/ready (${probe.status}, model loaded), ${mb(afterMessages.at(-1)!)} MB after ${answered}/${messages} chat messages, ${mb(settledAfterMessages.at(-1)!)} MB ${restSeconds} s later`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const median = (v: number[]) => mb(percentile(v, 50));
  log(`memory (RSS, MB, median of ${runs} restarts): ${median(rest)} 3 s after start (model not loaded); model loaded (a readiness probe or a question): ${median(settled)} at rest, ${median(afterMessages)} after ${messages} messages, ${median(settledAfterMessages)} at rest after them`);
}
