import type { EncodedFragment } from "./mkv-fragment-writer.ts";

export interface StoredFragment {
  /** Position in the stream, counting from 0; survives retention dropping older fragments. */
  readonly seq: number;
  /** Kinesis Video's fragment number: a long decimal string, increasing along the stream. */
  readonly number: string;
  readonly producerStartMs: number;
  readonly serverTimestampMs: number;
  readonly durationMs: number;
  readonly encoded: EncodedFragment;
}

// Real numbers are 47 digits apart by about 2^92 per fragment (the parser library's samples).
const FIRST_NUMBER = 91343852333181432392682062600000000000000000000n;
const STREAM_SPACING = 10n ** 30n;
const FRAGMENT_STEP = 2n ** 92n;

/** One Kinesis video stream: its fragments in order, and who is waiting for the next one. */
export class VideoStream {
  readonly fragments: StoredFragment[] = [];
  /** Whether a producer is writing to it (Connect while it streams a contact). */
  producing = false;
  /** Server time of the last fragment or producer change: GetMedia's idle end counts from it. */
  lastActivityMs: number;
  #nextSeq = 0;
  readonly #firstNumber: bigint;
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly creationTimeMs: number,
    index: number,
  ) {
    this.#firstNumber = FIRST_NUMBER + BigInt(index) * STREAM_SPACING;
    this.lastActivityMs = creationTimeMs;
  }

  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** The number the next fragment written will get (Connect reports it when streaming starts). */
  nextFragmentNumber(): string {
    return (this.#firstNumber + BigInt(this.#nextSeq) * FRAGMENT_STEP).toString();
  }

  at(seq: number): StoredFragment | undefined {
    const first = this.fragments[0];
    return first ? this.fragments[seq - first.seq] : undefined;
  }

  byNumber(number: string): StoredFragment | undefined {
    return this.fragments.find((fragment) => fragment.number === number);
  }

  add(options: { encoded: EncodedFragment; producerStartMs: number; nowMs: number }) {
    const fragment: StoredFragment = {
      seq: this.#nextSeq,
      number: this.nextFragmentNumber(),
      producerStartMs: options.producerStartMs,
      serverTimestampMs: options.nowMs,
      durationMs: options.encoded.durationMs,
      encoded: options.encoded,
    };
    this.#nextSeq++;
    this.fragments.push(fragment);
    this.touch(options.nowMs);
    return fragment;
  }

  /** Drops fragments older than the retention period, as Kinesis Video does. */
  expire(beforeMs: number): void {
    const keep = this.fragments.findIndex((fragment) => fragment.serverTimestampMs >= beforeMs);
    this.fragments.splice(0, keep < 0 ? this.fragments.length : keep);
  }

  touch(nowMs: number): void {
    this.lastActivityMs = nowMs;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Calls `listener` on every new fragment or producer change until the returned function runs. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
