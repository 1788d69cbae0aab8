const HEADER_BYTES = 44;
const CHANNELS = 1;
const BITS_PER_SAMPLE = 16;

/**
 * A canonical 44-byte RIFF/WAVE header (PCM, format 1) before mono 16-bit little-endian
 * samples. Written here rather than with a library: it is twelve fixed fields.
 */
export function wavFile(pcm: Uint8Array, sampleRateHz: number): Uint8Array {
  const file = new Uint8Array(HEADER_BYTES + pcm.length);
  const view = new DataView(file.buffer);
  const blockAlign = (CHANNELS * BITS_PER_SAMPLE) / 8;
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, HEADER_BYTES - 8 + pcm.length, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // the fmt chunk's size for plain PCM
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, CHANNELS, true);
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * blockAlign, true); // bytes per second
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, BITS_PER_SAMPLE, true);
  ascii(36, "data");
  view.setUint32(40, pcm.length, true);
  file.set(pcm, HEADER_BYTES);
  return file;
}
