import { describe, expect, it } from "vitest";
import { HalfRateDecimator, resamplePcm } from "./pcm-resampler.ts";
import { chunkSizes } from "./test-support/test-audio.ts";

function tone(hz: number, rate: number, seconds: number, amplitude = 10_000): Int16Array {
  return new Int16Array(Math.round(rate * seconds)).map(
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

/** RMS of the middle half (away from the filter's edges). */
function rms(pcm: Int16Array): number {
  const middle = pcm.subarray(pcm.length / 4, (3 * pcm.length) / 4);
  return Math.sqrt(middle.reduce((sum, v) => sum + v * v, 0) / middle.length);
}

describe("resamplePcm", () => {
  it("keeps a 1 kHz tone when going from 22,050 to 8,000 Hz", () => {
    const out = resamplePcm(tone(1000, 22_050, 1), 22_050, 8000);
    expect(out.length).toBe(8000);
    expect(rms(out) / (10_000 / Math.SQRT2)).toBeCloseTo(1, 1);
  });

  it("removes a 6 kHz tone instead of folding it to 2 kHz (no aliasing)", () => {
    const out = resamplePcm(tone(6000, 22_050, 1), 22_050, 8000);
    // At least 50 dB down.
    expect(rms(out)).toBeLessThan((10_000 / Math.SQRT2) * 10 ** (-50 / 20));
  });

  it("upsamples 8,000 → 16,000 Hz to twice the samples", () => {
    expect(resamplePcm(tone(500, 8000, 0.5), 8000, 16_000).length).toBe(8000);
  });
});

describe("HalfRateDecimator", () => {
  it("matches resamplePcm and does not depend on chunk boundaries", () => {
    const input = tone(700, 16_000, 0.5).map((v, i) => v + ((i * 7919) % 2000) - 1000);
    const whole = resamplePcm(input, 16_000, 8000);
    const decimator = new HalfRateDecimator();
    const parts: number[] = [];
    const sizes = chunkSizes(3, 300);
    for (let at = 0; at < input.length; ) {
      const size = sizes.next().value as number;
      parts.push(...decimator.push(input.subarray(at, at + size)));
      at += size;
    }
    parts.push(...decimator.flush());
    expect(parts.length).toBe(whole.length);
    const worst = parts.reduce((max, v, i) => Math.max(max, Math.abs(v - (whole[i] ?? 0))), 0);
    expect(worst).toBeLessThanOrEqual(1);
  });
});
