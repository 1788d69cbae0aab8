/**
 * ITU-T G.711 μ-law and A-law encoders (the Sun/CCITT reference algorithms, segment search
 * by bit length). Written here: a few lines, and no maintained npm package does only this.
 */

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

export function encodeMulaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let sample = samples[i] ?? 0;
    const sign = sample < 0 ? 0x80 : 0;
    if (sign) sample = -sample;
    sample = Math.min(sample, MULAW_CLIP) + MULAW_BIAS;
    const exponent = Math.max(0, 31 - Math.clz32(sample) - 7);
    const mantissa = (sample >> (exponent + 3)) & 0x0f;
    out[i] = ~(sign | (exponent << 4) | mantissa) & 0xff;
  }
  return out;
}

export function encodeAlaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let sample = samples[i] ?? 0;
    const sign = sample >= 0 ? 0x80 : 0;
    if (!sign) sample = -sample - 1;
    sample = Math.min(sample, 32767);
    let byte: number;
    if (sample < 256) {
      byte = sample >> 4;
    } else {
      const exponent = 31 - Math.clz32(sample) - 7;
      byte = (exponent << 4) | ((sample >> (exponent + 3)) & 0x0f);
    }
    out[i] = (sign | byte) ^ 0x55;
  }
  return out;
}

/** Decoders, for tests and for reading G.711 back into PCM. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const u = ~(bytes[i] ?? 0) & 0xff;
    const magnitude = ((((u & 0x0f) << 3) + MULAW_BIAS) << ((u >> 4) & 0x07)) - MULAW_BIAS;
    out[i] = u & 0x80 ? -magnitude : magnitude;
  }
  return out;
}

export function decodeAlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const a = (bytes[i] ?? 0) ^ 0x55;
    const exponent = (a >> 4) & 0x07;
    const mantissa = a & 0x0f;
    const magnitude =
      exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
    out[i] = a & 0x80 ? magnitude : -magnitude;
  }
  return out;
}
