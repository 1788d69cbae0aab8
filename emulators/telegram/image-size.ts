/**
 * Width and height of a PNG (its IHDR chunk) or a JPEG (its first start-of-frame marker), as a
 * PhotoSize reports them; 0 × 0 for anything else or a file too short to tell.
 */
export function imageSize(bytes: Buffer): { width: number; height: number } {
  const PNG_SIGNATURE = "89504e470d0a1a0a";
  if (bytes.subarray(0, 8).toString("hex") === PNG_SIGNATURE && bytes.length >= 24) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  return { width: 0, height: 0 };
}

function jpegSize(bytes: Buffer): { width: number; height: number } {
  let offset = 2;
  while (offset + 9 < bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1] ?? 0;
    const length = bytes.readUInt16BE(offset + 2);
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), hold the frame's size.
    const startOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (startOfFrame) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return { width: 0, height: 0 };
}
