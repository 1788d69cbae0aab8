/**
 * Splits a multipart/form-data body into its parts, bytes kept as sent. Written here because
 * fetch's own `formData()` decodes a part without a filename as UTF-8 text, and
 * twitter-api-v2 sends the media chunk so (a `media` part with no filename), which would
 * corrupt the bytes.
 */
export function multipartFields(body: Buffer, contentType: string): Map<string, Buffer> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const fields = new Map<string, Buffer>();
  if (!boundary) return fields;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const partStart = start + delimiter.length;
    const next = body.indexOf(delimiter, partStart);
    if (next < 0) break;
    // A part is CRLF, headers, a blank line, the content, and the CRLF before the delimiter.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) fields.set(name, part.subarray(headerEnd + 4));
    }
    start = next;
  }
  return fields;
}
