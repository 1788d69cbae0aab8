import type { Clock, WorkTracker } from "../../shared-http/clock.ts";
import type { CallerAudioListener } from "../media/media-streaming.ts";
import type { Contact } from "../model/contact.ts";
import type { ContactEvents } from "../model/contact-events.ts";
import { type AnalysedSegment, AnalysisSession } from "./analysis-session.ts";
import type { SpeechRecognition } from "./speech-recognition.ts";

/** "Voice data is retained for 24 hours" (ListRealtimeContactAnalysisSegments API reference). */
export const RETENTION_MS = 24 * 60 * 60 * 1000;

export interface RealtimeAnalysisOptions {
  readonly clock: Clock;
  /** Without it, contacts with analysis have no segments: nothing can hear the caller. */
  readonly speech?: SpeechRecognition;
  /** How much audio is recognised at a time (default 1 s). */
  readonly windowMs?: number;
}

/** What the API can say about one contact's analysis. */
export interface AnalysisState {
  readonly segments: readonly AnalysedSegment[];
  /** The contact has ended and its last audio has been recognised. */
  readonly completed: boolean;
}

/**
 * Contact Lens real-time analysis of voice contacts whose flow enabled it: the caller's speech
 * (from the media layer) is recognised as the call goes on, and the segments are kept for 24
 * hours after the contact ends. Only the caller is analysed; prompts are not.
 */
export class RealtimeAnalysis implements CallerAudioListener, ContactEvents {
  readonly #sessions = new Map<string, AnalysisSession>();

  constructor(private readonly options: RealtimeAnalysisOptions) {}

  listening(contact: Contact): boolean {
    return (
      this.options.speech !== undefined &&
      contact.realTimeAnalysis !== undefined &&
      contact.disconnectTimestamp === undefined
    );
  }

  said(contact: Contact, clip: { readonly startMs: number; readonly pcm: Promise<Int16Array> }) {
    if (!this.listening(contact)) return;
    this.#session(contact)?.add(clip);
  }

  disconnected(contact: Contact): void {
    void this.#sessions.get(contact.id)?.finish();
  }

  /**
   * The contact's analysis as it stands now; undefined when its flow never enabled real-time
   * analysis, or 24 hours after the contact ended.
   */
  read(contact: Contact): AnalysisState | undefined {
    if (!contact.realTimeAnalysis) return undefined;
    const ended = contact.disconnectTimestamp;
    if (ended !== undefined && this.options.clock.now() - ended > RETENTION_MS) {
      this.#sessions.delete(contact.id);
      return undefined;
    }
    const session = this.#sessions.get(contact.id);
    if (session) return { segments: session.segments, completed: session.completed };
    return { segments: [], completed: ended !== undefined };
  }

  #session(contact: Contact): AnalysisSession | undefined {
    const existing = this.#sessions.get(contact.id);
    const { speech, clock } = this.options;
    const analysis = contact.realTimeAnalysis;
    if (existing || !speech || !analysis) return existing;
    // The stream starts with the first words: the silence before them holds nothing to find.
    const session = new AnalysisSession({
      clock,
      ...(this.#work ? { work: this.#work } : {}),
      recognizer: speech.createRecognizer({
        sampleRateHz: 8000,
        languageCode: analysis.languageCode,
      }),
      streamStartMs: clock.now(),
      contactStartMs: contact.initiationTimestamp,
      windowMs: this.options.windowMs ?? 1000,
    });
    this.#sessions.set(contact.id, session);
    return session;
  }

  get #work(): WorkTracker | undefined {
    const clock = this.options.clock as Partial<WorkTracker>;
    return typeof clock.track === "function" ? (clock as WorkTracker) : undefined;
  }
}
