import { z } from 'zod';

/** One labelled question. `label: "oos"` means it must not be answered from the knowledge base. */
export interface Example {
  text: string;
  label: string;
  split: 'train' | 'val' | 'test';
  lang: string;
}

export const OOS = 'oos';

/** A dataset line that is not what the format says; names the line. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(readonly source: string, readonly line: number, message: string) {
    super(`${source}:${line}: ${message}`);
  }
}

const Line = z.object({
  text: z.string().min(1),
  label: z.string().min(1),
  split: z.enum(['train', 'val', 'test']),
  lang: z.string().min(2).max(8).default('en'),
});

/** Parse JSON Lines in the shared dataset format; blank lines are skipped. */
export function parseDataset(content: string, source = 'dataset'): Example[] {
  const out: Example[] = [];
  content.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new DatasetError(source, i + 1, 'not valid JSON');
    }
    const parsed = Line.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DatasetError(source, i + 1, `${issue.path.join('.') || 'line'}: ${issue.message}`);
    }
    out.push(parsed.data);
  });
  if (out.length === 0) throw new DatasetError(source, 1, 'no examples');
  return out;
}
