import type { KinesisVideoStreamStore } from "../../kinesis-video/stream-store.ts";
import type { Clock, WorkTracker } from "../../shared-http/clock.ts";
import type { FlowParticipant } from "../flow/index.ts";
import type { Contact } from "../model/contact.ts";
import type { ContactEvents } from "../model/contact-events.ts";
import type { InstanceRuntime } from "../model/instance-runtime.ts";
import type { CallVoice } from "./call-voice.ts";
import { ContactMediaStream } from "./contact-media-stream.ts";
import { MediaTap } from "./media-tap.ts";
import { placeholderSpeech } from "./placeholder-speech.ts";

export interface MediaStreamingOptions {
  /** The local Kinesis Video Streams the contacts' audio goes to. */
  readonly streams: KinesisVideoStreamStore;
  /** Renders what the caller says and the prompts they hear; without it, see placeholderSpeech. */
  readonly voice?: CallVoice;
  /** Fragment length: a Connect fragment holds about a second of audio (see README). */
  readonly fragmentMs?: number;
  /** The instance's stream prefix (Data storage → Live media streaming); its alias by default. */
  readonly streamPrefix?: string;
  /** Hears what callers say, streamed or not (Contact Lens analyses it). */
  readonly callerAudio?: CallerAudioListener;
}

/** Takes the caller's speech as audio, for contacts it is listening to. */
export interface CallerAudioListener {
  listening(contact: Contact): boolean;
  said(
    contact: Contact,
    clip: { readonly startMs: number; readonly pcm: Promise<Int16Array> },
  ): void;
}

// Connect's default when no flow set the contact's language.
const DEFAULT_LANGUAGE_CODE = "en-US";

/**
 * Connect's live media streaming: a voice contact whose flow enables it gets a stream from the
 * instance's pool and writes both audio tracks to it until streaming is disabled or the
 * contact ends. Also a ContactEvents listener, for contacts that end while streaming.
 */
export class MediaStreaming implements ContactEvents {
  readonly #active = new Map<string, ContactMediaStream>();

  constructor(private readonly options: MediaStreamingOptions & { readonly clock: Clock }) {}

  /** Starts or stops streaming for a voice contact and records it as Connect reports it. */
  setStreaming(runtime: InstanceRuntime, contact: Contact, enabled: boolean): void {
    const current = this.#active.get(contact.id);
    if (!enabled) {
      if (current) this.#stop(contact);
      return;
    }
    if (current) return;
    const { streams, clock } = this.options;
    const prefix = this.options.streamPrefix ?? runtime.instance.alias;
    const media = new ContactMediaStream({
      store: streams,
      stream: streams.acquire(prefix),
      contactId: contact.id,
      instanceId: runtime.instance.id,
      clock,
      fragmentMs: this.options.fragmentMs ?? 1000,
      ...(this.#work ? { work: this.#work } : {}),
    });
    this.#active.set(contact.id, media);
    contact.mediaStreams = {
      streamArn: media.streamArn,
      startTimestamp: String(media.startMs),
      startFragmentNumber: media.startFragmentNumber,
    };
  }

  /** The caller as the flow sees them, with what they say and hear put on the stream. */
  tap(contact: Contact, participant: FlowParticipant): FlowParticipant {
    return new MediaTap(participant, {
      now: () => this.options.clock.now(),
      said: (text) => this.#said(contact, text),
      prompt: (speech) => this.#prompt(contact, speech),
    });
  }

  disconnected(contact: Contact): void {
    if (this.#active.has(contact.id)) this.#stop(contact);
  }

  /** Stops every stream (emulator shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.#active.values()].map((media) => media.stop()));
    this.#active.clear();
  }

  #stop(contact: Contact): void {
    const media = this.#active.get(contact.id);
    this.#active.delete(contact.id);
    media?.stop();
    if (contact.mediaStreams) contact.mediaStreams.stopTimestamp = String(this.options.clock.now());
  }

  #said(contact: Contact, text: string): void {
    const media = this.#active.get(contact.id);
    const listener = this.options.callerAudio;
    const listening = listener?.listening(contact) === true;
    if (!media && !listening) return;
    const voice = this.options.voice;
    const languageCode = contact.languageCode ?? DEFAULT_LANGUAGE_CODE;
    const render = voice
      ? voice.render({ text, textType: "text", languageCode })
      : Promise.resolve(placeholderSpeech(text));
    const clip = { startMs: this.options.clock.now(), pcm: this.#track(render) };
    media?.fromCustomer.add(clip.startMs, clip.pcm);
    if (listening) listener?.said(contact, clip);
  }

  #prompt(contact: Contact, speech: { text: string; textType: "text" | "ssml" }) {
    const media = this.#active.get(contact.id);
    const voice = this.options.voice;
    if (!media || !voice) return undefined;
    const languageCode = contact.languageCode ?? DEFAULT_LANGUAGE_CODE;
    const render = voice.render({ ...speech, languageCode });
    return media.toCustomer.add(this.options.clock.now(), this.#track(render));
  }

  get #work(): WorkTracker | undefined {
    const clock = this.options.clock as Partial<WorkTracker>;
    return typeof clock.track === "function" ? (clock as WorkTracker) : undefined;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    return this.#work ? this.#work.track(work) : work;
  }
}
