/** Mono 16-bit PCM read from a RIFF/WAVE file. */
export interface WavAudio {
  readonly sampleRateHz: number;
  readonly samples: Int16Array;
}

/**
 * Reads the PCM of a 16-bit mono WAV. espeak-ng's `--stdout` writes placeholder sizes
 * (0x7ffff000) because it cannot seek a pipe, so the data chunk runs to the end of the bytes.
 */
export function readWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) =>
    String.fromCharCode(...bytes.subarray(offset, Math.min(offset + 4, bytes.length)));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  let offset = 12;
  let sampleRateHz: number | undefined;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      const format = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const bits = view.getUint16(body + 14, true);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new Error(`unsupported WAV format ${format}, ${channels} channels, ${bits} bits`);
      }
      sampleRateHz = view.getUint32(body + 4, true);
    } else if (id === "data") {
      if (sampleRateHz === undefined) throw new Error("WAV data chunk before fmt chunk");
      const end = Math.min(bytes.length, body + size);
      const count = Math.floor((end - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + 2 * i, true);
      return { sampleRateHz, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("WAV file has no data chunk");
}
