import { marked, type Token, type Tokens } from 'marked';
import { ENTRY_KINDS, KnowledgeError, type EntryKind, type EntryVariant, type FaqEntry } from './types.ts';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const LANG_CODE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

function parseFrontMatter(block: string, file: string): Record<string, string> {
  const fields: Record<string, string> = {};
  block.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const match = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!match) throw new KnowledgeError(`front matter line is not "key: value"`, file, i + 2);
    fields[match[1]!.toLowerCase()] = match[2]!.trim();
  });
  return fields;
}

const list = (value: string | undefined): string[] =>
  (value ?? '').replace(/^\[|\]$/g, '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Parse one entry file in the documented Markdown format (see knowledge/sample-kb/FORMAT.md).
 * Uses marked's lexer so the answer's Markdown is kept exactly as written.
 * @throws KnowledgeError naming the file and line of the first problem.
 */
export function parseEntryMarkdown(source: string, file: string, fallbackId: string): FaqEntry {
  let body = source;
  let bodyOffset = 0;
  let meta: Record<string, string> = {};
  const fm = FRONT_MATTER.exec(source);
  if (fm) {
    meta = parseFrontMatter(fm[1]!, file);
    body = source.slice(fm[0].length);
    bodyOffset = fm[0].length;
  }
  const id = meta.id || fallbackId;
  if (!/^[a-z0-9][a-z0-9-_]*$/i.test(id)) throw new KnowledgeError(`invalid entry id "${id}"`, file, 1);
  const status = (meta.status || 'published') as FaqEntry['status'];
  if (status !== 'published' && status !== 'draft') {
    throw new KnowledgeError(`status must be "published" or "draft", got "${status}"`, file, 1);
  }
  const kind = (meta.kind || 'faq') as EntryKind;
  if (!ENTRY_KINDS.includes(kind)) {
    throw new KnowledgeError(`kind must be one of ${ENTRY_KINDS.map((k) => `"${k}"`).join(', ')}, got "${kind}"`, file, 1);
  }

  const tokens = marked.lexer(body);
  const variants: EntryVariant[] = [];
  let offset = bodyOffset;
  let current: { lang: string; question?: string; alternates?: string[]; answer: string[]; line: number } | undefined;

  const finish = () => {
    if (!current) return;
    if (!current.question) throw new KnowledgeError(`language "${current.lang}" has no "### question" heading`, file, current.line);
    const answer = current.answer.join('').trim();
    if (!answer) throw new KnowledgeError(`language "${current.lang}" has no answer`, file, current.line);
    if (variants.some((v) => v.lang === current!.lang)) throw new KnowledgeError(`language "${current.lang}" appears twice`, file, current.line);
    variants.push({ lang: current.lang, question: current.question, alternates: current.alternates ?? [], answer });
  };

  for (const token of tokens as Token[]) {
    const line = lineOf(source, offset);
    offset += token.raw.length;
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 2) {
      finish();
      const lang = (token as Tokens.Heading).text.trim().toLowerCase();
      if (!LANG_CODE.test(lang)) throw new KnowledgeError(`"## ${lang}" is not a language code`, file, line);
      current = { lang, answer: [], line };
      continue;
    }
    if (!current) {
      if (token.type === 'space') continue;
      throw new KnowledgeError('content before the first "## <language>" heading', file, line);
    }
    if (current.question === undefined) {
      if (token.type === 'space') continue;
      if (token.type !== 'heading' || (token as Tokens.Heading).depth !== 3) {
        throw new KnowledgeError(`expected a "### question" heading under "## ${current.lang}"`, file, line);
      }
      current.question = (token as Tokens.Heading).text.trim();
      continue;
    }
    if (current.alternates === undefined && current.answer.length === 0) {
      if (token.type === 'space') continue;
      if (token.type === 'list') {
        current.alternates = (token as Tokens.List).items.map((item) => item.text.trim()).filter(Boolean);
        continue;
      }
      current.alternates = [];
    }
    current.answer.push(token.raw);
  }
  finish();
  if (variants.length === 0) throw new KnowledgeError('no "## <language>" section', file, 1);

  return {
    id,
    category: meta.category || undefined,
    tags: list(meta.tags),
    related: list(meta.related),
    status,
    ...(kind !== 'faq' ? { kind } : {}),
    variants,
  };
}

/** Write an entry back in the same Markdown format (parse → serialize → parse is lossless). */
export function serializeEntryMarkdown(entry: FaqEntry): string {
  const lines = ['---', `id: ${entry.id}`];
  if (entry.category) lines.push(`category: ${entry.category}`);
  if (entry.tags.length) lines.push(`tags: ${entry.tags.join(', ')}`);
  if (entry.related.length) lines.push(`related: ${entry.related.join(', ')}`);
  lines.push(`status: ${entry.status}`);
  if (entry.kind && entry.kind !== 'faq') lines.push(`kind: ${entry.kind}`);
  lines.push('---', '');
  for (const v of entry.variants) {
    lines.push(`## ${v.lang}`, `### ${v.question}`);
    for (const alt of v.alternates) lines.push(`- ${alt}`);
    lines.push('', v.answer.trim(), '');
  }
  return lines.join('\n');
}
