/** Minimal EBML encoding for the emulator's Matroska output (known and unknown sizes). */

const UNKNOWN_SIZE = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/** An element id as written: its bytes already carry the length marker. */
export function idBytes(id: number): Buffer {
  const bytes: number[] = [];
  for (let rest = id; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from(bytes);
}

/** The shortest vint for a size (values with all bits set would read as "unknown"). */
export function sizeBytes(size: number): Buffer {
  for (let length = 1; length <= 8; length++) {
    if (size < 2 ** (7 * length) - 1) {
      const bytes = Buffer.alloc(length);
      let rest = size;
      for (let i = length - 1; i >= 0; i--) {
        bytes[i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      bytes[0] = (bytes[0] as number) | (0x100 >> length);
      return bytes;
    }
  }
  throw new RangeError(`EBML size ${size} is too large`);
}

export function element(id: number, ...children: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(children);
  return Buffer.concat([idBytes(id), sizeBytes(body.length), body]);
}

/** The header of a master whose end is not written (Kinesis Video's Segments and Clusters). */
export function unknownSizeHeader(id: number): Buffer {
  return Buffer.concat([idBytes(id), UNKNOWN_SIZE]);
}

export function uintElement(id: number, value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return element(id, Buffer.from(bytes.length > 0 ? bytes : [0]));
}

export function stringElement(id: number, value: string): Buffer {
  return element(id, Buffer.from(value, "utf8"));
}
