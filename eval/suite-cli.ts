import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { loadKnowledgeFolder } from '../knowledge/index.ts';
import { isScript, processIo, type CommandIo } from './cli-main.ts';
import { writeDraftsFolder } from './suite/drafts-folder.ts';
import { appendHistory, coverageOf, compareRuns, formatGate, formatRun, historyPoint, httpTarget, inProcessTarget, loadSuites, readHistory, entrySuiteYaml, renderReport, runSuites, serializeRun, SuiteFormatError, toJunit, type SuiteRun, type SuiteTarget } from './suite/index.ts';

const USAGE = `usage: npm run eval:suite -- --init knowledge-folder > my-suite.yml   (a starter suite: every entry answers its own question)
       npm run eval:suite -- [files or folders, default eval/suites] [--kb dir | --drafts | --url URL [--agent-email e --agent-password-file f]]
       [--junit out.xml] [--json out.json] [--report out.html] [--history dir] [--baseline previous.json [--alpha 0.05] [--tolerance 0] [--latency-tolerance 0.5] [--strict]]`;

/**
 * Run conversation suites (eval/SUITES.md). Exit 0 when every test passes (with --baseline: when
 * the gate passes), 1 when not, 2 for a usage or suite-format error.
 */
export async function suiteCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    return await runSuiteCommand(args, io);
  } catch (err) {
    if (!(err instanceof SuiteFormatError)) throw err;
    io.err(`Malformed suite: ${err.message}\n`);
    return 2;
  }
}

async function runSuiteCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kb: { type: 'string' }, drafts: { type: 'boolean' }, url: { type: 'string' }, 'agent-email': { type: 'string' }, 'agent-password-file': { type: 'string' },
      junit: { type: 'string' }, json: { type: 'string' }, report: { type: 'string' }, history: { type: 'string' }, baseline: { type: 'string' },
      init: { type: 'string' }, alpha: { type: 'string' }, tolerance: { type: 'string' }, 'latency-tolerance': { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) return io.out(`${USAGE}\n`), 0;
  if (values.init) return io.out(entrySuiteYaml(await loadKnowledgeFolder(values.init))), 0;
  if ([values.kb, values.url, values.drafts].filter(Boolean).length > 1) return io.err(`--kb, --drafts and --url exclude each other\n${USAGE}\n`), 2;
  const num = (name: 'alpha' | 'tolerance' | 'latency-tolerance') => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n >= 0)) throw new SuiteFormatError(`--${name}`, 0, '', `"${v}" is not a number ≥ 0`);
    return n;
  };
  const gateOptions = { alpha: num('alpha'), tolerance: num('tolerance'), latencyTolerance: num('latency-tolerance'), strict: values.strict };
  const suites = await loadSuites(positionals.length ? positionals : [new URL('./suites', import.meta.url).pathname]);
  const baseline = values.baseline ? JSON.parse(await readFile(values.baseline, 'utf8')) as SuiteRun : undefined;

  let target: SuiteTarget;
  let scratch: string | undefined;
  if (values.url) {
    const password = values['agent-password-file'] ? (await readFile(values['agent-password-file'], 'utf8')).trim() : undefined;
    target = httpTarget({ url: values.url, agent: values['agent-email'] && password ? { email: values['agent-email'], password } : undefined });
  } else {
    const config = loadConfig(io.env);
    // A throwaway data folder (test conversations must not land in a real one), sharing the
    // configured folder's embedding cache so a second run embeds nothing.
    scratch = await mkdtemp(path.join(os.tmpdir(), 'faqbot-suite-'));
    await mkdir(path.join(config.dataDir, 'embeddings'), { recursive: true });
    await symlink(path.join(config.dataDir, 'embeddings'), path.join(scratch, 'embeddings'));
    let kbDir = values.kb ? path.resolve(values.kb) : config.kbDir;
    if (values.drafts) {
      // The installation's unpublished drafts (DATA_DIR / DATABASE_URL), as a knowledge folder.
      kbDir = path.join(scratch, 'drafts');
      const n = await writeDraftsFolder(config, kbDir);
      if (!n) return await rm(scratch, { recursive: true, force: true }), io.err(`no knowledge drafts in ${config.databaseUrl ? 'DATABASE_URL' : path.join(config.dataDir, 'db')}\n`), 2;
    }
    io.err(`building the knowledge base from ${values.drafts ? 'the drafts' : kbDir}…\n`);
    // Drafts already hold the conversation entries; a folder gets the bundled ones as on a start.
    const app = await inProcessTarget({ ...config, dataDir: scratch, kbDir, databaseUrl: undefined, logLevel: 'silent', conversationEntries: values.drafts ? false : config.conversationEntries });
    // Relative, so a committed baseline names the folder the same on every machine.
    const source = values.drafts ? 'the knowledge drafts' : path.relative(process.cwd(), kbDir) || '.';
    target = { ...app, description: `in process: ${source} (knowledge version ${app.app.knowledge.version ?? 'none'})` };
  }
  try {
    const run = await runSuites(suites, target, {
      // A progress line on a terminal; in CI logs only the failures (the summary follows).
      onTest: (t, done, total) => {
        if (io === processIo && process.stderr.isTTY) io.err(`\r${done}/${total} ${t.status === 'fail' ? 'FAIL' : t.status} ${t.id.slice(0, 60).padEnd(60)}${done === total ? '\n' : ''}`);
        else if (t.status === 'fail') io.err(`FAIL ${t.id}\n`);
      },
    });
    const entries = await target.entries();
    if (entries.length) run.coverage = coverageOf(entries, run.questions);
    io.out(`${formatRun(run)}\n`);
    const gate = baseline ? compareRuns(baseline, run, gateOptions) : undefined;
    if (gate) io.out(`\n${formatGate(gate)}\n`);
    if (values.json) await writeFile(values.json, serializeRun(run));
    if (values.junit) await writeFile(values.junit, toJunit(run));
    if (values.history) await appendHistory(values.history, run);
    if (values.report) {
      const history = values.history ? await readHistory(values.history) : [historyPoint(run)];
      await writeFile(values.report, renderReport({ run, gate, history }));
    }
    const failed = gate ? !gate.ok : run.tests.some((t) => t.status === 'fail');
    return failed ? 1 : 0;
  } finally {
    await target.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

// Run as a script (`npm run eval:suite`), not when a test imports the command.
if (isScript(import.meta.url)) {
  suiteCommand(process.argv.slice(2), processIo).then((code) => process.exit(code), (err) => {
    console.error(err);
    process.exit(1);
  });
}
