/** A variable-length integer read from EBML: its value and how many bytes it took. */
export interface Vint {
  readonly value: number;
  readonly length: number;
  /** A size with every value bit set: the element's size is unknown (it runs until closed). */
  readonly unknown: boolean;
}

/** Thrown when the bytes are not EBML this reader can follow. */
export class MkvFormatError extends Error {
  override readonly name = "MkvFormatError";
}

function vintLength(first: number, maxLength: number): number {
  for (let length = 1; length <= maxLength; length++) {
    if (first & (0x100 >> length)) return length;
  }
  throw new MkvFormatError(`invalid EBML variable-length integer (first byte ${first})`);
}

/** An element id, length marker kept (as the spec writes ids); undefined if more bytes are needed. */
export function readId(buf: Uint8Array, offset: number): Vint | undefined {
  const first = buf[offset];
  if (first === undefined) return undefined;
  const length = vintLength(first, 4);
  if (offset + length > buf.length) return undefined;
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + (buf[offset + i] as number);
  return { value, length, unknown: false };
}

/** An element size or other unsigned vint (marker removed); undefined if more bytes are needed. */
export function readSize(buf: Uint8Array, offset: number): Vint | undefined {
  const first = buf[offset];
  if (first === undefined) return undefined;
  const length = vintLength(first, 8);
  if (offset + length > buf.length) return undefined;
  const mask = (0x100 >> length) - 1;
  let value = first & mask;
  let allOnes = value === mask;
  for (let i = 1; i < length; i++) {
    const byte = buf[offset + i] as number;
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  if (!allOnes && !Number.isSafeInteger(value)) throw new MkvFormatError("EBML size too large");
  return { value, length, unknown: allOnes };
}

/** A big-endian unsigned integer of 0–8 bytes (exact up to 2^53, which covers timecodes). */
export function readUint(data: Uint8Array): number {
  let value = 0;
  for (const byte of data) value = value * 256 + byte;
  return value;
}

/** A 4- or 8-byte IEEE float; other lengths read as 0 (the spec allows only these). */
export function readFloat(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length === 4) return view.getFloat32(0);
  if (data.length === 8) return view.getFloat64(0);
  return 0;
}

const utf8 = new TextDecoder();

/** A string; Kinesis Video producer output pads them with NULs (the parser library's samples). */
export function text(data: Uint8Array): string {
  const nul = data.indexOf(0);
  return utf8.decode(nul < 0 ? data : data.subarray(0, nul));
}
