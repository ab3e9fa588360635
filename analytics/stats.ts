/** Below this many observations a figure is marked as a small sample on the dashboard and in the API. */
export const SMALL_SAMPLE = 30;

/** A proportion with its 95 % Wilson score interval. */
export interface Rate {
  /** Successes. */
  k: number;
  /** Observations. */
  n: number;
  /** k / n, or null when n is 0. */
  value: number | null;
  low: number | null;
  high: number | null;
  /** True when n < SMALL_SAMPLE: read the interval, not the value. */
  small: boolean;
}

/**
 * k out of n with the Wilson score interval (z = 1.96): unlike the normal approximation it stays
 * inside [0, 1] and is honest for small n and for rates near 0 or 1.
 */
export function wilson(k: number, n: number, z = 1.96): Rate {
  if (n <= 0) return { k, n: 0, value: null, low: null, high: null, small: true };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { k, n, value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), small: n < SMALL_SAMPLE };
}
