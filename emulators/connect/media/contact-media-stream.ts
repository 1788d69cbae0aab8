import type { KinesisVideoStreamStore } from "../../kinesis-video/stream-store.ts";
import type { VideoStream } from "../../kinesis-video/video-stream.ts";
import type { Clock, TimerHandle, WorkTracker } from "../../shared-http/clock.ts";
import { AudioTrack } from "./audio-track.ts";
import { CALL_SAMPLE_RATE_HZ } from "./call-voice.ts";

// Connect's tracks and tags as a GetMedia dump of a Connect stream shows them (see README).
const FROM_CUSTOMER = { number: 1, name: "AUDIO_FROM_CUSTOMER" } as const;
const TO_CUSTOMER = { number: 2, name: "AUDIO_TO_CUSTOMER" } as const;
// Connect labels the PCM tracks A_AAC. The CodecPrivate bytes are not in that dump: these are
// an AAC-LC 8 kHz mono config, a guess.
const CODEC = { codecId: "A_AAC", codecPrivate: Uint8Array.of(0x15, 0x88) } as const;

export interface ContactMediaStreamOptions {
  readonly store: KinesisVideoStreamStore;
  readonly stream: VideoStream;
  readonly contactId: string;
  readonly instanceId: string;
  readonly clock: Clock;
  readonly work?: WorkTracker;
  readonly fragmentMs: number;
}

/**
 * One contact's audio going to its Kinesis video stream: both tracks are cut into fragments
 * on the emulator's clock, each written once its time has passed (and any speech in it is
 * rendered), until streaming stops.
 */
export class ContactMediaStream {
  readonly fromCustomer = new AudioTrack();
  readonly toCustomer = new AudioTrack();
  readonly startMs: number;
  readonly startFragmentNumber: string;
  #windowStartMs: number;
  #timer: TimerHandle | undefined;
  #writes: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(private readonly options: ContactMediaStreamOptions) {
    this.startMs = options.clock.now();
    this.#windowStartMs = this.startMs;
    // The first fragment written takes this number; Connect reports it when streaming starts.
    this.startFragmentNumber = options.stream.nextFragmentNumber();
    options.store.setProducing(options.stream, true);
    this.#schedule();
  }

  get streamArn(): string {
    return this.options.stream.arn;
  }

  get streaming(): boolean {
    return !this.#stopped;
  }

  /** Writes the audio up to now as a last, shorter fragment and gives the stream back. */
  stop(): Promise<void> {
    if (this.#stopped) return this.#writes;
    this.#stopped = true;
    const { clock, store, stream } = this.options;
    if (this.#timer) clock.clearTimeout(this.#timer);
    const now = clock.now();
    if (now > this.#windowStartMs) this.#write(this.#windowStartMs, now);
    this.#writes = this.#writes.then(() => {
      store.setProducing(stream, false);
      store.release(stream);
    });
    return this.#track(this.#writes);
  }

  #schedule(): void {
    const { clock, fragmentMs } = this.options;
    const endMs = this.#windowStartMs + fragmentMs;
    this.#timer = clock.setTimeout(() => {
      this.#write(this.#windowStartMs, endMs);
      if (!this.#stopped) this.#schedule();
    }, endMs - clock.now());
  }

  #write(fromMs: number, toMs: number): void {
    this.#windowStartMs = toMs;
    const { store, stream, contactId, instanceId } = this.options;
    this.#writes = this.#writes
      .then(async () => {
        const [from, to] = await Promise.all([
          this.fromCustomer.mix(fromMs, toMs),
          this.toCustomer.mix(fromMs, toMs),
        ]);
        store.append(stream, {
          producerStartMs: fromMs,
          sampleRateHz: CALL_SAMPLE_RATE_HZ,
          tracks: [
            { ...FROM_CUSTOMER, ...CODEC, pcm: from },
            { ...TO_CUSTOMER, ...CODEC, pcm: to },
          ],
          tags: [
            ["ContactId", contactId],
            ["InstanceId", instanceId],
            ["MimeType", "audio/L16;rate=8000;channels=1;"],
            ["AUDIO_FROM_CUSTOMER", String(FROM_CUSTOMER.number)],
            ["AUDIO_TO_CUSTOMER", String(TO_CUSTOMER.number)],
            ["Events", "[]"],
          ],
        });
      })
      .catch((error: unknown) => console.error("media stream write failed:", error));
    this.#track(this.#writes);
  }

  /** A ManualClock waits for the write before it moves time on. */
  #track(work: Promise<void>): Promise<void> {
    return this.options.work ? this.options.work.track(work) : work;
  }
}
