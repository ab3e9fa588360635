import { DatasetError } from './dataset.ts';

/**
 * Run an eval command's main: any failure exits 1, a malformed dataset with one line naming the
 * file and line instead of a stack trace.
 */
export function runCliMain(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err instanceof DatasetError ? `Malformed dataset: ${err.message}` : err);
    process.exit(1);
  });
}
