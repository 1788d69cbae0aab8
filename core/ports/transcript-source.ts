/** One utterance of a call. */
export interface TranscriptSegment {
  readonly participant: "CUSTOMER" | "AGENT" | "SYSTEM";
  readonly text: string;
  /** Milliseconds from the start of the call. */
  readonly offsetMs: number;
}

/** The voice transcript of a contact, as captured so far. */
export interface TranscriptSource {
  /** The segments in time order; empty when nothing was captured. */
  segments(contactId: string): Promise<readonly TranscriptSegment[]>;
}
