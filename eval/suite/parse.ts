import { readdir, readFile, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodError, ZodTypeAny } from 'zod';
import { AgentStep, CustomerTurn, SuiteHeader, TestHeader, type Step, type Suite, type SuiteTest } from './format.ts';

/** A suite file that cannot be run, naming the file, the line and the field. */
export class SuiteFormatError extends Error {
  override name = 'SuiteFormatError';
  constructor(readonly file: string, readonly line: number, readonly field: string, readonly problem: string) {
    super(`${file}:${line}: ${field ? `${field}: ` : ''}${problem}`);
  }
}

type Key = string | number;

/**
 * Parse one suite file. Throws SuiteFormatError for YAML syntax errors and for any field the
 * format does not allow, with the line of the offending node and its path (`tests[2].turns[0].expect.zone`).
 */
export function parseSuite(text: string, file: string): Suite {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw new SuiteFormatError(file, lines.linePos(syntax.pos[0]).line, '', `YAML syntax: ${syntax.message.split('\n')[0]!}`);
  const lineOf = (at: Key[]): number => nodeLine(doc, lines, at);
  const check = <T>(schema: ZodTypeAny, value: unknown, at: Key[]): T => {
    const r = schema.safeParse(value);
    if (r.success) return r.data as T;
    throw formatError(file, r.error, at, lineOf);
  };
  const raw = doc.toJS();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SuiteFormatError(file, 1, '', 'a suite is a mapping with "suite" and "tests"');
  const head = check<{ suite: string; description?: string; defaults?: { channel?: string; lang?: string; latency_ms?: number }; tests: unknown[] }>(SuiteHeader, raw, []);
  const tests: SuiteTest[] = head.tests.map((t, i) => {
    const at: Key[] = ['tests', i];
    const th = check<{ name: string; description?: string; tags?: string[]; critical?: boolean; skip?: string; turns: unknown[] }>(TestHeader, t, at);
    const steps: Step[] = th.turns.map((s, j) => {
      const sat: Key[] = [...at, 'turns', j];
      const line = lineOf(sat);
      if (s && typeof s === 'object' && 'agent' in s) return { kind: 'agent' as const, ...check<AgentStep>(AgentStep, s, sat), line };
      if (!s || typeof s !== 'object' || !('say' in s)) throw new SuiteFormatError(file, line, path(sat), 'a turn is either a customer turn ("say") or an agent step ("agent")');
      const turn = check<CustomerTurn>(CustomerTurn, s, sat);
      const d = head.defaults ?? {};
      const expect = turn.expect && d.latency_ms !== undefined && turn.expect.latency_ms === undefined ? { ...turn.expect, latency_ms: d.latency_ms } : turn.expect;
      return { kind: 'customer' as const, ...turn, channel: turn.channel ?? d.channel, lang: turn.lang ?? d.lang, expect, line };
    });
    return { name: th.name, description: th.description, tags: th.tags ?? [], critical: th.critical ?? false, skip: th.skip, line: lineOf(at), steps };
  });
  const names = new Map<string, number>();
  for (const [i, t] of tests.entries()) {
    if (names.has(t.name)) throw new SuiteFormatError(file, t.line, path(['tests', i, 'name']), `"${t.name}" is already the name of test ${names.get(t.name)! + 1}: names identify tests across runs`);
    names.set(t.name, i);
  }
  return { name: head.suite, description: head.description, file, tests };
}

function formatError(file: string, error: ZodError, at: Key[], lineOf: (at: Key[]) => number): SuiteFormatError {
  const issue = error.issues[0]!;
  let where: Key[] = [...at, ...issue.path];
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    where = [...where, issue.keys[0]!];
    problem = `unknown field "${issue.keys[0]}"`;
  } else if (issue.code === 'invalid_type' && issue.received === 'undefined') {
    problem = `required field missing`;
  } else if (issue.code === 'invalid_enum_value') {
    problem = `"${String(issue.received)}" is not one of ${issue.options.join(', ')}`;
  }
  return new SuiteFormatError(file, lineOf(where), path(where), problem);
}

/** `tests[2].turns[0].expect` */
function path(at: Key[]): string {
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
}

/** The line of the deepest node on `at` that exists (a missing field: its parent's line). */
function nodeLine(doc: Document, lines: LineCounter, at: Key[]): number {
  for (let n = at.length; n >= 0; n--) {
    const prefix = at.slice(0, n);
    const node = prefix.length ? doc.getIn(prefix, true) : doc.contents;
    // A key's own line is more useful than its value's for a wrong value spanning lines.
    const parent = n > 0 ? (n > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents) : undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === prefix[n - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return 1;
}

/** Suite files given as files or folders (every `*.yml` / `*.yaml` inside, sorted). */
export async function suiteFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      const names = (await readdir(p, { recursive: true })).filter((f) => /\.ya?ml$/i.test(f)).sort();
      out.push(...names.map((f) => nodePath.join(p, f)));
    } else out.push(p);
  }
  return out;
}

/** Read and parse every suite file under `paths`. */
export async function loadSuites(paths: string[]): Promise<Suite[]> {
  const files = await suiteFiles(paths);
  return Promise.all(files.map(async (f) => parseSuite(await readFile(f, 'utf8'), f)));
}
