import type { CallAudioChunk } from "../../core/ports/call-audio.ts";
import type { MkvEvent } from "./mkv-reader.ts";

/** Track names that carry what the caller says; the second is Connect's older name (AWS sample). */
const CUSTOMER_TRACKS = new Set(["AUDIO_FROM_CUSTOMER", "Track_audio/L16"]);
/** Connect's rate; its tracks carry no Audio element to say so (see the emulator's README). */
const CONNECT_RATE_HZ = 8000;

export type GateOutcome =
  | { readonly kind: "audio"; readonly chunks: readonly CallAudioChunk[] }
  | { readonly kind: "otherContact"; readonly contactId: string }
  | { readonly kind: "streamError"; readonly code: string };

/**
 * Decides which of a GetMedia stream's customer audio belongs to one contact. Connect writes a
 * fragment's ContactId tag after its Cluster, so a fragment's blocks are held until that tag
 * says whose they are (at most one fragment, about a second); a fragment without the tag is let
 * through at its end, as the AWS sample does. After a reconnect it drops what was already
 * delivered: whole fragments by number, and the delivered head of a fragment cut off mid-way.
 */
export class ContactAudioGate {
  readonly #contactId: string;
  #customerTrack: number | undefined;
  #rateHz = CONNECT_RATE_HZ;
  #fragment: string | undefined;
  #confirmed = false;
  #held: CallAudioChunk[] = [];
  #originMs: number | undefined;
  #lastCompleted: bigint | undefined;
  #partial: { fragment: string; bytes: number } | undefined;
  #skipWhole = false;
  #skipBytes = 0;

  constructor(contactId: string) {
    this.#contactId = contactId;
  }

  /** The fragment to resume after: the last one whose audio went out in full. */
  get resumeAfter(): string | undefined {
    return this.#lastCompleted?.toString();
  }

  handle(event: MkvEvent): GateOutcome {
    switch (event.kind) {
      case "fragmentStart":
        this.#startFragment();
        return none;
      case "track":
        if (event.track.name !== undefined && CUSTOMER_TRACKS.has(event.track.name)) {
          this.#customerTrack = event.track.number;
          this.#rateHz = event.track.samplingHz ?? CONNECT_RATE_HZ;
        }
        return none;
      case "tag":
        return this.#tag(event.name, event.value);
      case "block":
        return this.#block(event);
      case "fragmentEnd":
        return this.#endFragment();
    }
  }

  #startFragment(): void {
    this.#customerTrack = undefined;
    this.#fragment = undefined;
    this.#confirmed = false;
    this.#held = [];
    this.#skipWhole = false;
    this.#skipBytes = 0;
  }

  #tag(name: string, value: string): GateOutcome {
    if (name === "AWS_KINESISVIDEO_FRAGMENT_NUMBER" && /^\d{1,128}$/.test(value)) {
      this.#fragment = value;
      const number = BigInt(value);
      this.#skipWhole = this.#lastCompleted !== undefined && number <= this.#lastCompleted;
      this.#skipBytes = this.#partial?.fragment === value ? this.#partial.bytes : 0;
      return none;
    }
    // GetMedia's in-stream failure: ERROR_ID is the number (4000, 5000, …), ERROR_CODE its text.
    if (name === "AWS_KINESISVIDEO_ERROR_ID") return { kind: "streamError", code: value };
    if (name !== "ContactId") return none;
    if (value !== this.#contactId) return { kind: "otherContact", contactId: value };
    this.#confirmed = true;
    return this.#release();
  }

  #block(event: Extract<MkvEvent, { kind: "block" }>): GateOutcome {
    this.#originMs ??= event.timecodeMs;
    if (event.trackNumber !== this.#customerTrack || this.#skipWhole) return none;
    const chunk: CallAudioChunk = {
      pcm: event.payload,
      sampleRateHz: this.#rateHz,
      offsetMs: event.timecodeMs - this.#originMs,
    };
    this.#held.push(chunk);
    return this.#confirmed ? this.#release() : none;
  }

  #endFragment(): GateOutcome {
    const released = this.#release();
    if (this.#fragment !== undefined && !this.#skipWhole) {
      this.#lastCompleted = BigInt(this.#fragment);
      this.#partial = undefined;
    }
    this.#fragment = undefined;
    return released;
  }

  #release(): GateOutcome {
    if (this.#held.length === 0) return none;
    const chunks: CallAudioChunk[] = [];
    for (const chunk of this.#held) {
      const trimmed = this.#trimDelivered(chunk);
      if (trimmed) chunks.push(trimmed);
    }
    this.#held = [];
    if (this.#fragment !== undefined) {
      const bytes = chunks.reduce((sum, chunk) => sum + chunk.pcm.length, 0);
      const before = this.#partial?.fragment === this.#fragment ? this.#partial.bytes : 0;
      this.#partial = { fragment: this.#fragment, bytes: before + bytes };
    }
    return chunks.length > 0 ? { kind: "audio", chunks } : none;
  }

  /** Drops the bytes of a re-read fragment that went out before the connection dropped. */
  #trimDelivered(chunk: CallAudioChunk): CallAudioChunk | undefined {
    if (this.#skipBytes === 0) return chunk;
    const cut = Math.min(this.#skipBytes, chunk.pcm.length);
    this.#skipBytes -= cut;
    if (cut === chunk.pcm.length) return undefined;
    const offsetMs = chunk.offsetMs + (cut / 2 / chunk.sampleRateHz) * 1000;
    return { ...chunk, pcm: chunk.pcm.subarray(cut), offsetMs };
  }
}

const none: GateOutcome = { kind: "audio", chunks: [] };
