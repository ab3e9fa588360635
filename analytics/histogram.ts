/**
 * Fixed latency buckets, the same for every day, so a year of daily histograms adds up bucket by
 * bucket and percentiles come out of the sum. Edges grow by 35 % from 5 s to about 30 days: a
 * percentile read from them is within half a bucket (about ±16 %) of the exact one.
 */
export const BUCKET_EDGES_S: readonly number[] = (() => {
  const edges = [0];
  for (let e = 5; e < 31 * 86_400; e *= 1.35) edges.push(Math.round(e));
  return edges;
})();

/** Index of the bucket holding `seconds` (the last bucket is open-ended). */
export function bucketOf(seconds: number): number {
  let lo = 0;
  let hi = BUCKET_EDGES_S.length - 1;
  if (seconds >= BUCKET_EDGES_S[hi]!) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (BUCKET_EDGES_S[mid]! <= seconds) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The `p`-quantile (0..1) of a histogram, by nearest rank, interpolated linearly inside its
 * bucket. Undefined for an empty histogram.
 */
export function histogramPercentile(counts: readonly number[], p: number): number | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && seen + c >= rank) {
      const lo = BUCKET_EDGES_S[i]!;
      const hi = BUCKET_EDGES_S[i + 1];
      if (hi === undefined) return lo;
      return lo + ((rank - seen - 0.5) / c) * (hi - lo);
    }
    seen += c;
  }
  return BUCKET_EDGES_S[BUCKET_EDGES_S.length - 1];
}

/** The `p`-quantile of raw values by nearest rank (the value at rank ⌈p·n⌉). */
export function exactPercentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
