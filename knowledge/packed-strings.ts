/**
 * Many short strings kept as one: sorted, each followed by '\n', with where each starts. A
 * dictionary's hundreds of thousands of words then cost about a byte a letter, instead of an
 * object property or a Map entry each, and are found by bisection.
 */
export interface PackedStrings {
  /** The entries in order, each followed by '\n'. */
  text: string;
  /** Where each entry starts in `text`. */
  starts: Int32Array;
}

/** `sorted` (already in UTF-16 order, none holding '\n') packed. */
export function packSorted(sorted: readonly string[]): PackedStrings {
  const starts = new Int32Array(sorted.length);
  let at = 0;
  sorted.forEach((entry, i) => {
    starts[i] = at;
    at += entry.length + 1;
  });
  return { text: sorted.length ? `${sorted.join('\n')}\n` : '', starts };
}

/**
 * Where the entry whose key is `key` goes on after its key, or -1 when there is none. An entry's
 * key is what comes before its first `end` ('\n' for entries that are keys alone); `end` must sort
 * before every character of a key, so that entries sort as their keys do.
 */
export function findPacked(packed: PackedStrings, key: string, end = '\n'): number {
  let lo = 0;
  let hi = packed.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = packed.starts[mid]!;
    const stop = packed.text.indexOf(end, start);
    const found = packed.text.slice(start, stop);
    if (found === key) return stop + 1;
    if (found < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
