/** Medians and spreads of repeated measurements, and ratios of peers measured in the same run. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** The median of the per-pair ratios (each pair measured back to back, so machine load hits both alike). */
export function pairedRatio(subject: readonly number[], peer: readonly number[]): Summary {
  return summarize(subject.map((value, index) => value / (peer[index] ?? Number.NaN)));
}

/** The exponent k of t ≈ c·n^k (least squares over log-log): 1 is linear, 2 quadratic. */
export function growthExponent(points: readonly { readonly n: number; readonly t: number }[]): number {
  const xs = points.map((point) => Math.log(point.n));
  const ys = points.map((point) => Math.log(point.t));
  const mx = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const my = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let numerator = 0;
  let denominator = 0;
  xs.forEach((x, index) => {
    numerator += (x - mx) * ((ys[index] ?? 0) - my);
    denominator += (x - mx) ** 2;
  });
  return numerator / denominator;
}
