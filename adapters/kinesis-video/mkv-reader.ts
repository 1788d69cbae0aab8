import { MkvFormatError, readFloat, readId, readSize, readUint, text } from "./ebml-vint.ts";
import { parseBlock } from "./mkv-block.ts";
import { canContain, DESCENDED, MkvId, READ_LEAVES } from "./mkv-elements.ts";

export interface MkvTrack {
  readonly number: number;
  readonly name?: string;
  readonly codecId?: string;
  /** 1 video, 2 audio, … (Matroska TrackType). */
  readonly type?: number;
  readonly samplingHz?: number;
  readonly channels?: number;
  readonly bitDepth?: number;
}

/** What the reader saw, in stream order. Fragments are the Segments of the byte stream. */
export type MkvEvent =
  | { readonly kind: "fragmentStart" }
  | { readonly kind: "track"; readonly track: MkvTrack }
  | { readonly kind: "tag"; readonly name: string; readonly value: string }
  | {
      readonly kind: "block";
      readonly trackNumber: number;
      /** Cluster timecode plus the block's, in milliseconds (Kinesis Video: producer time). */
      readonly timecodeMs: number;
      /** The frame bytes, a view into the pushed chunk (no copy). */
      readonly payload: Uint8Array;
    }
  | { readonly kind: "fragmentEnd" };

interface OpenElement {
  readonly id: number;
  /** Absolute end offset, or -1 for an element of unknown size. */
  readonly end: number;
}

/** A text or block element larger than this is refused rather than buffered. */
const MAX_READ_BYTES = 4 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * A streaming Matroska reader for Kinesis Video GetMedia payloads: push bytes as they arrive,
 * cut anywhere, and get tags, track entries and blocks back. Only the elements it needs are
 * buffered (tags, track fields, one block at a time); the rest are skipped as they stream by.
 *
 * Written here: `ebml` and `ts-ebml` buffer every leaf element whole, wanted or not, build an
 * object per element and do not end unknown-size elements by the schema; a worker serving 50
 * calls per core wants PCM as views into the received chunks and Clusters ended at their Tags.
 */
export class MkvReader {
  #buf: Uint8Array = EMPTY;
  /** Absolute offset of #buf[0] in the stream. */
  #pos = 0;
  #skip = 0;
  readonly #open: OpenElement[] = [];
  #events: MkvEvent[] = [];
  #timecodeScaleNs = 1_000_000;
  #clusterTimecode = 0;
  #track: { -readonly [K in keyof MkvTrack]?: MkvTrack[K] } = {};
  #tagName: string | undefined;
  #tagValue = "";

  /** Reads what it can of `chunk` (plus any bytes held back) and returns the new events. */
  push(chunk: Uint8Array): MkvEvent[] {
    this.#buf = this.#buf.length === 0 ? chunk : concat(this.#buf, chunk);
    this.#read();
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /** True while a partly received element is held back (the stream stopped mid-element). */
  get midElement(): boolean {
    return this.#buf.length > 0 || this.#skip > 0;
  }

  /** The stream is over: closes what is still open. Throws if it stopped inside an element. */
  end(): MkvEvent[] {
    if (this.midElement) throw new MkvFormatError("the stream ended inside an element");
    while (this.#open.length > 0) this.#close();
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #read(): void {
    const buf = this.#buf;
    let offset = 0;
    for (;;) {
      if (this.#skip > 0) {
        const skipped = Math.min(this.#skip, buf.length - offset);
        offset += skipped;
        this.#skip -= skipped;
        if (this.#skip > 0) break;
      }
      this.#closeEnded(this.#pos + offset);
      const id = readId(buf, offset);
      const size = id && readSize(buf, offset + id.length);
      if (!id || !size) break;
      const header = id.length + size.length;
      this.#closeUnknownBefore(id.value);
      if (DESCENDED.has(id.value)) {
        this.#openElement(id.value, size.unknown ? -1 : this.#pos + offset + header + size.value);
        offset += header;
        continue;
      }
      if (size.unknown) throw new MkvFormatError(`element 0x${id.value.toString(16)} has no size`);
      if (!READ_LEAVES.has(id.value) || this.#open.length === 0) {
        offset += header;
        this.#skip = size.value;
        continue;
      }
      if (size.value > MAX_READ_BYTES) throw new MkvFormatError("element too large to read");
      if (buf.length - offset - header < size.value) break;
      const start = offset + header;
      this.#leaf(id.value, buf.subarray(start, start + size.value));
      offset = start + size.value;
    }
    this.#buf = offset === buf.length ? EMPTY : buf.subarray(offset);
    this.#pos += offset;
  }

  #closeEnded(position: number): void {
    for (let top = this.#open.at(-1); top && top.end >= 0 && top.end <= position; ) {
      this.#close();
      top = this.#open.at(-1);
    }
  }

  #closeUnknownBefore(id: number): void {
    for (let top = this.#open.at(-1); top && top.end < 0 && !canContain(top.id, id); ) {
      this.#close();
      top = this.#open.at(-1);
    }
  }

  #openElement(id: number, end: number): void {
    this.#open.push({ id, end });
    if (id === MkvId.Segment) {
      this.#timecodeScaleNs = 1_000_000;
      this.#events.push({ kind: "fragmentStart" });
    } else if (id === MkvId.TrackEntry) {
      this.#track = {};
    } else if (id === MkvId.SimpleTag) {
      this.#tagName = undefined;
      this.#tagValue = "";
    } else if (id === MkvId.Cluster) {
      this.#clusterTimecode = 0;
    }
  }

  #close(): void {
    const element = this.#open.pop();
    if (element?.id === MkvId.Segment) this.#events.push({ kind: "fragmentEnd" });
    else if (element?.id === MkvId.TrackEntry && this.#track.number !== undefined) {
      this.#events.push({ kind: "track", track: { ...this.#track, number: this.#track.number } });
    } else if (element?.id === MkvId.SimpleTag && this.#tagName !== undefined) {
      this.#events.push({ kind: "tag", name: this.#tagName, value: this.#tagValue });
    }
  }

  #leaf(id: number, data: Uint8Array): void {
    switch (id) {
      case MkvId.SimpleBlock:
      case MkvId.Block: {
        const block = parseBlock(data);
        const ticks = this.#clusterTimecode + block.relativeTimecode;
        const timecodeMs = (ticks * this.#timecodeScaleNs) / 1_000_000;
        const { trackNumber, payload } = block;
        this.#events.push({ kind: "block", trackNumber, timecodeMs, payload });
        return;
      }
      case MkvId.Timecode:
        this.#clusterTimecode = readUint(data);
        return;
      case MkvId.TimecodeScale:
        this.#timecodeScaleNs = readUint(data) || 1_000_000;
        return;
      case MkvId.TagName:
        this.#tagName = text(data);
        return;
      case MkvId.TagString:
        this.#tagValue = text(data);
        return;
    }
    this.#trackField(id, data);
  }

  #trackField(id: number, data: Uint8Array): void {
    if (id === MkvId.TrackNumber) this.#track.number = readUint(data);
    else if (id === MkvId.TrackType) this.#track.type = readUint(data);
    else if (id === MkvId.Name) this.#track.name = text(data);
    else if (id === MkvId.CodecID) this.#track.codecId = text(data);
    else if (id === MkvId.SamplingFrequency) this.#track.samplingHz = readFloat(data);
    else if (id === MkvId.Channels) this.#track.channels = readUint(data);
    else if (id === MkvId.BitDepth) this.#track.bitDepth = readUint(data);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
