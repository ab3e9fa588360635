/** Boundaries tried in order: paragraphs, lines, sentences, words; and what re-joins the pieces. */
const LEVELS: Array<{ split: RegExp; join: string }> = [
  { split: /\n{2,}/, join: '\n\n' },
  { split: /\n/, join: '\n' },
  { split: /(?<=[.!?。！？])\s+/u, join: ' ' },
  { split: /[ \t]+/, join: ' ' },
];

function hardSplit(text: string, fits: (chunk: string) => boolean): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of Array.from(text)) {
    if (cur && !fits(cur + ch)) {
      out.push(cur);
      cur = ch;
    } else {
      cur += ch;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function split(text: string, fits: (chunk: string) => boolean, level: number): string[] {
  if (fits(text)) return [text];
  const rule = LEVELS[level];
  if (!rule) return hardSplit(text, fits);
  const out: string[] = [];
  let cur = '';
  for (const piece of text.split(rule.split).filter((p) => p.trim())) {
    const candidate = cur ? cur + rule.join + piece : piece;
    if (fits(candidate)) {
      cur = candidate;
      continue;
    }
    if (cur) out.push(cur);
    cur = '';
    if (fits(piece)) cur = piece;
    else out.push(...split(piece, fits, level + 1));
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Split a long text into chunks that each satisfy `fits` (a length or SMS-segment budget),
 * cutting at the largest boundary that works: between paragraphs, then lines, sentences, words,
 * and only as a last resort inside a word (a very long URL).
 * @example splitText(answer, (s) => s.length <= 4096)
 */
export function splitText(text: string, fits: (chunk: string) => boolean): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  return split(trimmed, fits, 0).map((c) => c.trim()).filter(Boolean);
}

/** Cut to `max` characters (code points), ending with an ellipsis when cut (button and row titles). */
export function clip(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
