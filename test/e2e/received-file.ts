/** A file that reached the customer, as the platform fetched (or the app showed) it. */
export interface ReceivedFile {
  readonly contentType: string;
  readonly sizeInBytes: number;
}

/** A platform's record of a file, as the journey compares it. */
export function fileOf(file: { contentType?: string; sizeInBytes: number }): ReceivedFile {
  return { contentType: file.contentType ?? "", sizeInBytes: file.sizeInBytes };
}
