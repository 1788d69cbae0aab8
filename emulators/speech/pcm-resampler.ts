/**
 * Sample-rate conversion for signed 16-bit mono PCM. Written here because no maintained
 * npm package does band-limited resampling of Int16Array without native code or WASM;
 * a windowed-sinc kernel is a few lines and keeps the output free of aliasing.
 */

/** Zero crossings of the sinc on each side: about 70 dB of stop band with Blackman. */
const ZERO_CROSSINGS = 10;
/** Kernel table resolution per input sample (linear interpolation in between). */
const TABLE_STEPS = 128;
/** Pass band as a fraction of the lower Nyquist frequency; the rest is transition band. */
const PASS_FRACTION = 0.9;

interface Kernel {
  readonly halfWidth: number;
  readonly table: Float32Array;
}

const kernels = new Map<string, Kernel>();

/** Low-pass kernel in input-sample units, cutoff just under the lower of the two Nyquists. */
function kernelFor(fromHz: number, toHz: number): Kernel {
  const key = `${fromHz}:${toHz}`;
  const cached = kernels.get(key);
  if (cached) return cached;
  // Cutoff in cycles per input sample.
  const cutoff = (PASS_FRACTION * Math.min(fromHz, toHz)) / 2 / fromHz;
  const halfWidth = Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
  const size = halfWidth * TABLE_STEPS + 1;
  const table = new Float32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const d = i / TABLE_STEPS;
    const x = 2 * cutoff * d;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const w =
      0.42 +
      0.5 * Math.cos((Math.PI * d) / halfWidth) +
      0.08 * Math.cos((2 * Math.PI * d) / halfWidth);
    table[i] = 2 * cutoff * sinc * w;
  }
  const kernel = { halfWidth, table };
  kernels.set(key, kernel);
  return kernel;
}

function tap(kernel: Kernel, distance: number): number {
  const pos = Math.abs(distance) * TABLE_STEPS;
  const i = Math.floor(pos);
  const frac = pos - i;
  const a = kernel.table[i] ?? 0;
  const b = kernel.table[i + 1] ?? 0;
  return a + (b - a) * frac;
}

function clamp16(value: number): number {
  const rounded = Math.round(value);
  return rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
}

/** Converts a whole buffer from one rate to another (any ratio), low-passed before decimation. */
export function resamplePcm(input: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (!(fromHz > 0 && toHz > 0)) throw new RangeError("sample rates must be positive");
  if (fromHz === toHz) return input.slice();
  const kernel = kernelFor(fromHz, toHz);
  const step = fromHz / toHz;
  const length = Math.floor((input.length * toHz) / fromHz);
  const output = new Int16Array(length);
  for (let n = 0; n < length; n++) {
    const center = n * step;
    const first = Math.max(0, Math.ceil(center - kernel.halfWidth));
    const last = Math.min(input.length - 1, Math.floor(center + kernel.halfWidth));
    let sum = 0;
    for (let k = first; k <= last; k++) sum += (input[k] ?? 0) * tap(kernel, center - k);
    output[n] = clamp16(sum);
  }
  return output;
}

/**
 * Streaming 2:1 decimator (16 kHz → 8 kHz) with the same kernel as resamplePcm. Output m is
 * centred on input 2m (no added delay), and history carries across push() calls, so a
 * stream gives the same samples whatever its chunk sizes.
 */
export class HalfRateDecimator {
  readonly #taps: Float32Array;
  readonly #width: number;
  /** Ring of the last taps.length inputs, stored twice so a window is always contiguous. */
  readonly #ring: Float32Array;
  #received = 0;

  constructor() {
    const kernel = kernelFor(16_000, 8000);
    this.#width = kernel.halfWidth;
    this.#taps = new Float32Array(2 * this.#width + 1);
    for (let i = -this.#width; i <= this.#width; i++) this.#taps[i + this.#width] = tap(kernel, i);
    this.#ring = new Float32Array(2 * this.#taps.length);
  }

  /** Returns the 8 kHz samples that these 16 kHz samples complete. */
  push(input: Int16Array): Int16Array {
    const out = new Int16Array(Math.ceil(input.length / 2) + 1);
    let count = 0;
    for (const sample of input) {
      const value = this.#accept(sample);
      if (value !== undefined) out[count++] = value;
    }
    return out.subarray(0, count);
  }

  /** Ends the stream: the outputs still waiting for look-ahead are computed against silence. */
  flush(): Int16Array {
    const out: number[] = [];
    for (let i = 0; i < this.#width; i++) {
      const value = this.#accept(0);
      if (value !== undefined) out.push(value);
    }
    return Int16Array.from(out);
  }

  #accept(sample: number): number | undefined {
    const size = this.#taps.length;
    const slot = this.#received % size;
    this.#ring[slot] = sample;
    this.#ring[slot + size] = sample;
    this.#received++;
    const center = this.#received - 1 - this.#width;
    if (center < 0 || center % 2 !== 0) return undefined;
    // The window [center - width, center + width] ends at the newest sample.
    const start = (slot + 1) % size;
    let sum = 0;
    for (let i = 0; i < size; i++) sum += (this.#ring[start + i] ?? 0) * (this.#taps[i] ?? 0);
    return clamp16(sum);
  }
}
