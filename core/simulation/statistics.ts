/** A mean over independent runs with its confidence interval. */
export interface Estimate {
  readonly mean: number;
  readonly ci95: readonly [number, number];
}

/** The mean of independent samples with a Student-t interval at `level` (default 95 %). */
export function estimate(samples: readonly number[], level = 0.95): Estimate {
  const [lo, hi] = confidenceInterval(samples, level);
  return { mean: mean(samples), ci95: [lo, hi] };
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  let sum = 0;
  for (const x of samples) sum += x;
  return sum / samples.length;
}

/**
 * The two-sided Student-t confidence interval of the mean. One sample (or identical ones)
 * gives a zero-width interval: nothing is known about the spread, and saying so beats NaN.
 */
export function confidenceInterval(
  samples: readonly number[],
  level: number,
): readonly [number, number] {
  const n = samples.length;
  const m = mean(samples);
  if (n < 2) return [m, m];
  let squares = 0;
  for (const x of samples) squares += (x - m) ** 2;
  const standardError = Math.sqrt(squares / (n - 1) / n);
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * standardError;
  return [m - half, m + half];
}

/**
 * The p-quantile (p > 0.5) of Student's t with a whole number of degrees of freedom, found
 * by bisection on the exact distribution function, so small run counts get honest intervals.
 */
export function studentTQuantile(p: number, dof: number): number {
  const target = 2 * p - 1;
  let lo = 0;
  let hi = 1;
  while (centralTProbability(hi, dof) < target) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (centralTProbability(mid, dof) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * P(|T| < t) for Student's t with whole `dof`: the finite series of Abramowitz & Stegun
 * 26.7.3 and 26.7.4 in the angle atan(t / sqrt(dof)).
 */
export function centralTProbability(t: number, dof: number): number {
  const theta = Math.atan(t / Math.sqrt(dof));
  const sin = Math.sin(theta);
  const cos2 = Math.cos(theta) ** 2;
  if (dof % 2 === 0) {
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= dof - 2; k += 2) {
      term *= ((k - 1) / k) * cos2;
      sum += term;
    }
    return sin * sum;
  }
  if (dof === 1) return (2 * theta) / Math.PI;
  let term = 1;
  let sum = 1;
  for (let k = 3; k <= dof - 2; k += 2) {
    term *= ((k - 1) / k) * cos2;
    sum += term;
  }
  return (2 / Math.PI) * (theta + sin * Math.cos(theta) * sum);
}
