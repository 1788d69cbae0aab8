/** A stretch of the caller's audio: signed 16-bit little-endian mono PCM. */
export interface CallAudioChunk {
  readonly pcm: Uint8Array;
  readonly sampleRateHz: number;
  /** Where the chunk starts, in milliseconds from the start of the media stream. */
  readonly offsetMs: number;
}

/** Where a contact's media stream starts, as the contact flow reports it. */
export interface CallAudioStream {
  readonly contactId: string;
  readonly streamArn: string;
  readonly startFragmentNumber: string;
}

/**
 * The caller's side of a live call's audio (what the customer says, not what they hear).
 * The iterable ends when the contact's audio ends: the call left the stream, streaming
 * stopped, or `signal` aborted. Throws DependencyFailedError when the stream cannot be read.
 */
export interface CallAudio {
  customerAudio(stream: CallAudioStream, signal: AbortSignal): AsyncIterable<CallAudioChunk>;
}
