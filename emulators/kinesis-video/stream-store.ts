import { createHash } from "node:crypto";
import { type Clock, RealClock } from "../shared-http/clock.ts";
import { encodeFragment, type ProducerFragment } from "./mkv-fragment-writer.ts";
import { type StoredFragment, VideoStream } from "./video-stream.ts";

export interface StreamStoreOptions {
  readonly region?: string;
  readonly accountId?: string;
  /** Server time (timestamps, retention, GetMedia's idle end); share the Connect emulator's. */
  readonly clock?: Clock;
  /** Connect's "no retention" still keeps 24 h (protocols §8.1). */
  readonly retentionMs?: number;
}

/** Connect allocates this many streams per instance before creating more (admin guide). */
export const PREALLOCATED_STREAMS = 50;

/**
 * The streams of a local Kinesis Video Streams, with Connect's use of them: a pool of streams
 * per prefix (`<prefix>-contact-<uuid>`), 50 made at first use and more on demand, each lent to
 * one streaming contact at a time and lent again, least recently used first, once given back.
 */
export class KinesisVideoStreamStore {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly #retentionMs: number;
  readonly #streams = new Map<string, VideoStream>();
  readonly #free = new Map<string, VideoStream[]>();
  readonly #lent = new Set<VideoStream>();
  readonly #poolSizes = new Map<string, number>();

  constructor(options: StreamStoreOptions = {}) {
    this.region = options.region ?? "eu-west-2";
    this.accountId = options.accountId ?? "111122223333";
    this.clock = options.clock ?? new RealClock();
    this.#retentionMs = options.retentionMs ?? 24 * 3_600_000;
  }

  createStream(name: string): VideoStream {
    if (!/^[a-zA-Z0-9_.-]{1,256}$/.test(name)) throw new RangeError(`bad stream name: ${name}`);
    if (this.#streams.has(name)) throw new RangeError(`stream exists: ${name}`);
    // ARNs end in the creation time in whole milliseconds, whatever the clock says.
    const created = Math.floor(this.clock.now());
    const arn = `arn:aws:kinesisvideo:${this.region}:${this.accountId}:stream/${name}/${created}`;
    const stream = new VideoStream(name, arn, created, this.#streams.size);
    this.#streams.set(name, stream);
    return stream;
  }

  /** The stream with this name or ARN (an ARN must match exactly, creation time included). */
  find(ref: {
    readonly name?: string | undefined;
    readonly arn?: string | undefined;
  }): VideoStream | undefined {
    const byName = ref.name === undefined ? undefined : this.#streams.get(ref.name);
    if (ref.arn === undefined) return byName;
    const name = /^arn:aws:kinesisvideo:[^:]+:\d{12}:stream\/([^/]+)\/\d+$/.exec(ref.arn)?.[1];
    const byArn = name === undefined ? undefined : this.#streams.get(name);
    if (byArn?.arn !== ref.arn || (byName && byName !== byArn)) return undefined;
    return byArn;
  }

  streams(): VideoStream[] {
    return [...this.#streams.values()];
  }

  /** Writes one fragment, numbers it and wakes the GetMedia readers waiting on the stream. */
  append(stream: VideoStream, fragment: ProducerFragment): StoredFragment {
    const now = this.clock.now();
    stream.expire(now - this.#retentionMs);
    const encoded = encodeFragment(fragment);
    return stream.add({ encoded, producerStartMs: fragment.producerStartMs, nowMs: now });
  }

  setProducing(stream: VideoStream, producing: boolean): void {
    stream.producing = producing;
    stream.touch(this.clock.now());
  }

  /** Lends a stream of the pool named by `prefix` to one contact. */
  acquire(prefix: string): VideoStream {
    let free = this.#free.get(prefix);
    if (!free) {
      free = [];
      this.#free.set(prefix, free);
      for (let i = 0; i < PREALLOCATED_STREAMS; i++) free.push(this.#poolStream(prefix, i));
    }
    const stream = free.shift() ?? this.#poolStream(prefix, this.#poolSizes.get(prefix) ?? 0);
    this.#lent.add(stream);
    return stream;
  }

  release(stream: VideoStream): void {
    if (!this.#lent.delete(stream)) return;
    const prefix = stream.name.replace(/-contact-[0-9a-f-]{36}$/, "");
    this.#free.get(prefix)?.push(stream);
  }

  #poolStream(prefix: string, index: number): VideoStream {
    this.#poolSizes.set(prefix, index + 1);
    const hex = createHash("sha256").update(`${prefix}/${index}`).digest("hex");
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    return this.createStream(`${prefix}-contact-${uuid}`);
  }
}
