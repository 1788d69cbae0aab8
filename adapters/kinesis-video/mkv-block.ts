import { MkvFormatError, readSize } from "./ebml-vint.ts";

export interface ParsedBlock {
  readonly trackNumber: number;
  /** Relative to the cluster's timecode, in TimecodeScale units. */
  readonly relativeTimecode: number;
  /** The frames' bytes, a view into the input (no copy). */
  readonly payload: Uint8Array;
}

/**
 * Reads a SimpleBlock or Block body. A laced block (Xiph, fixed-size or EBML lacing) holds
 * several frames stored back to back after a lace header; the header is skipped and the frames
 * come out as one payload, which for PCM is exactly the samples in order. Connect and Kinesis
 * Video write one frame per block, so lacing is only met in other producers' files.
 */
export function parseBlock(data: Uint8Array): ParsedBlock {
  const track = readSize(data, 0);
  if (!track || track.unknown || data.length < track.length + 3) {
    throw new MkvFormatError("block header is truncated");
  }
  let offset = track.length;
  const relativeTimecode = (((data[offset] as number) << 24) >> 16) | (data[offset + 1] as number);
  const flags = data[offset + 2] as number;
  offset += 3;
  const lacing = (flags >> 1) & 3;
  if (lacing !== 0) offset = skipLaceHeader(data, offset, lacing);
  return { trackNumber: track.value, relativeTimecode, payload: data.subarray(offset) };
}

function skipLaceHeader(data: Uint8Array, start: number, lacing: number): number {
  const count = data[start];
  if (count === undefined) throw new MkvFormatError("lace header is truncated");
  let offset = start + 1;
  if (lacing === 1) {
    // Xiph: each frame size but the last as a run of 255s ended by a smaller byte.
    for (let frame = 0; frame < count; frame++) {
      while (data[offset] === 0xff) offset++;
      offset++;
    }
  } else if (lacing === 3) {
    // EBML: the first size as a vint, then count - 1 signed differences, also vints.
    for (let frame = 0; frame < count; frame++) {
      const size = readSize(data, offset);
      if (!size) throw new MkvFormatError("lace header is truncated");
      offset += size.length;
    }
  }
  if (offset > data.length) throw new MkvFormatError("lace header is truncated");
  return offset;
}
