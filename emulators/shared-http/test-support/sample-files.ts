/** A 1 × 1 PNG: the smallest image every platform takes. */
export const PNG_1X1 = {
  contentType: "image/png",
  bytes: Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  ),
} as const;

/** A one-page PDF, as small as a valid one gets. */
export const ONE_PAGE_PDF = {
  contentType: "application/pdf",
  bytes: Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
      "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n" +
      "trailer<</Root 1 0 R>>\n%%EOF\n",
  ),
} as const;

/** A file of `sizeInBytes` bytes with the given type, for size limits. */
export function fileOfSize(contentType: string, sizeInBytes: number) {
  return { contentType, bytes: Buffer.alloc(sizeInBytes, 7) };
}
