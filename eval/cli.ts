import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.ts';
import { isScript, runCliMain, type CommandIo } from './cli-main.ts';
import { formatLanguageChoice, runLanguageChoice } from './language-choice.ts';
import { formatReport } from './report.ts';
import { runEval } from './run.ts';

/**
 * `npm run eval -- <dataset.jsonl> [--json out.json] [--questions out.jsonl] [--k 3] [--kb folder [--phrasings n] [--fixed-thresholds]] [--oos-rate r] [--cache-dir dir] [--conversation | --no-conversation]`
 * With --kb the thresholds are the product's: ANSWER_THRESHOLD / CLARIFY_THRESHOLD, or with
 * AUTO_THRESHOLDS=true each language's own, chosen at publish (--fixed-thresholds forces the former).
 * With --kb the bundled conversation entries are added (as `npm start` does) unless --no-conversation;
 * a dataset's own knowledge base gets them only with --conversation.
 * `npm run eval -- --language-choice <messages.jsonl> [--kb folder]` for the language choice.
 */
export async function evalCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'string' }, questions: { type: 'string' }, k: { type: 'string', default: '3' }, kb: { type: 'string' }, 'oos-rate': { type: 'string' },
      phrasings: { type: 'string' }, 'fixed-thresholds': { type: 'boolean', default: false }, 'cache-dir': { type: 'string' }, 'language-choice': { type: 'boolean' },
      conversation: { type: 'boolean' }, 'no-conversation': { type: 'boolean' },
    },
  });
  if (values['language-choice'] && positionals.length === 1) {
    const config = loadConfig(io.env);
    const report = await runLanguageChoice({ dataset: positionals[0]!, kbDir: values.kb ?? config.kbDir, defaultLang: config.defaultLang });
    io.out(`${formatLanguageChoice(report)}\n`);
    if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err('usage: npm run eval -- <dataset.jsonl> [--json out.json] [--questions out.jsonl] [--k 3] [--kb knowledge-folder [--phrasings 1] [--fixed-thresholds]] [--oos-rate 0.25] [--cache-dir dir] [--conversation | --no-conversation]\n       npm run eval -- --language-choice <messages.jsonl> [--kb knowledge-folder] [--json out.json]\n');
    return 2;
  }
  const config = loadConfig(io.env);
  const oosRate = values['oos-rate'] === undefined ? undefined : Number(values['oos-rate']);
  if (oosRate !== undefined && !(oosRate >= 0 && oosRate < 1)) {
    io.err(`--oos-rate must be a number in [0, 1), got "${values['oos-rate']}"\n`);
    return 2;
  }
  const phrasings = values.phrasings === undefined ? undefined : Number(values.phrasings);
  if (phrasings !== undefined && !(Number.isInteger(phrasings) && phrasings >= 1 && values.kb)) {
    io.err(`--phrasings needs --kb and a whole number ≥ 1, got "${values.phrasings}"\n`);
    return 2;
  }
  let last = '';
  const bar = (done: number, total: number, phase: string) => {
    const width = 30;
    // Redraw only when the bar changes: a line per question would flood logs.
    const key = `${phase}:${total ? Math.floor((done / total) * 100) : 0}`;
    if (key === last && done !== total) return;
    last = key;
    const filled = total ? Math.round((done / total) * width) : 0;
    io.err(`\r${phase.padEnd(24)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `);
    if (done === total && total) io.err('\n');
  };
  const report = await runEval({
    dataset: positionals[0]!,
    kbDir: values.kb,
    oosRate,
    conversationEntries: values['no-conversation'] ? false : values.conversation,
    k: Number(values.k),
    cacheDir: values['cache-dir'] ?? path.join(config.dataDir, 'embeddings'),
    phrasings,
    // As the product: the knowledge base's chosen thresholds only with AUTO_THRESHOLDS.
    fixedThresholds: values['fixed-thresholds'] || !config.autoThresholds,
    maxWrongAnswerRate: config.maxWrongAnswerRate,
    defaultThresholds: { answer: config.answerThreshold, clarify: config.clarifyThreshold, source: 'config' },
    onProgress: bar,
    // One line per test question: what was asked, what the bot did, and how confident it was.
    onQuestions: values.questions ? (rows) => writeFile(values.questions!, rows.map((r) => JSON.stringify(r)).join('\n') + '\n') : undefined,
  });
  io.out(`${formatReport(report)}\n`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

// Run as a script (`npm run eval`), not when a test imports the command.
if (isScript(import.meta.url)) runCliMain(evalCommand);
