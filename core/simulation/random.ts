/** A source of uniform numbers in [0, 1). The simulator never reads Math.random. */
export interface Random {
  next(): number;
}

/**
 * A small, fast seeded generator (sfc32, seeded through splitmix32). Hand-written because
 * the simulation draws millions of numbers a second and needs a fixed, portable sequence;
 * a library adds nothing here.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a fresh sfc32 are still close to the seed; discard them.
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/**
 * The seed of one independent stream: a run of a study and a purpose (arrivals, handle
 * times, ...). Separate streams per purpose keep the same caller's draws identical across
 * thresholds (common random numbers), so differences between thresholds are not noise.
 */
export function streamSeed(options: { seed: number; run: number; stream: number }): number {
  let h = Math.imul(options.seed >>> 0, 0x9e3779b1) ^ Math.imul(options.run + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(options.stream + 1, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/** An exponential draw with the given mean; a mean of Infinity means "never". */
export function exponential(random: Random, mean: number): number {
  if (mean === Number.POSITIVE_INFINITY) return mean;
  return -mean * Math.log(1 - random.next());
}
