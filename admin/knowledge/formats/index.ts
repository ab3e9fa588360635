/** Import and export of the whole knowledge base: the Markdown folder (zipped), CSV and JSON. */
import type { FaqEntry } from '../../../knowledge/index.ts';
import { exportCsv, importCsv } from './csv-format.ts';
import { exportJson, importJson } from './json-format.ts';
import { exportMarkdownZip, importMarkdownZip } from './markdown-zip.ts';
import { malformed } from './checked.ts';

export { exportCsv, importCsv, CSV_COLUMNS } from './csv-format.ts';
export { exportJson, importJson } from './json-format.ts';
export { exportMarkdownZip, importMarkdownZip } from './markdown-zip.ts';
export { parseCsv, stringifyCsv, CsvSyntaxError } from './csv-text.ts';

export const FORMATS = ['markdown', 'csv', 'json'] as const;
export type KnowledgeFormat = (typeof FORMATS)[number];

/** A file to download. */
export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** Write entries in a format. */
export function exportKnowledge(format: KnowledgeFormat, entries: readonly FaqEntry[]): ExportFile {
  switch (format) {
    case 'markdown': return { filename: 'knowledge.zip', contentType: 'application/zip', body: Buffer.from(exportMarkdownZip(entries)) };
    case 'csv': return { filename: 'knowledge.csv', contentType: 'text/csv; charset=utf-8', body: Buffer.from(exportCsv(entries), 'utf8') };
    case 'json': return { filename: 'knowledge.json', contentType: 'application/json; charset=utf-8', body: Buffer.from(exportJson(entries), 'utf8') };
  }
}

/**
 * Read an import: `content` is the file's text, or base64 for the Markdown zip.
 * @throws MalformedImportError with the file and line of the first problem.
 */
export function importKnowledge(format: KnowledgeFormat, content: string): FaqEntry[] {
  switch (format) {
    case 'markdown': {
      const b64 = content.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw malformed('content is not base64 (send the zip file base64-encoded)', 1, 'knowledge.zip');
      return importMarkdownZip(new Uint8Array(Buffer.from(b64, 'base64')));
    }
    case 'csv': return importCsv(content);
    case 'json': return importJson(content);
  }
}
