import type { TranscriptSegment } from "./transcript-source.ts";

/** Where a call's transcript is written while the call runs. */
export interface TranscriptWriter {
  /** Stores segments of a contact's call; writing the same segment again changes nothing. */
  putSegments(contactId: string, segments: readonly TranscriptSegment[]): Promise<void>;
}
