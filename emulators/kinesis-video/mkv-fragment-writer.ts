import { createHash } from "node:crypto";
import { element, stringElement, uintElement, unknownSizeHeader } from "./ebml-writer.ts";

const Id = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  Info: 0x1549a966,
  SegmentUID: 0x73a4,
  TimecodeScale: 0x2ad7b1,
  Title: 0x7ba9,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  Name: 0x536e,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  Position: 0xa7,
  SimpleBlock: 0xa3,
  Tags: 0x1254c367,
  Tag: 0x7373,
  SimpleTag: 0x67c8,
  TagName: 0x45a3,
  TagString: 0x4487,
} as const;

export interface FragmentTrack {
  readonly number: number;
  readonly name: string;
  readonly codecId: string;
  readonly codecPrivate?: Uint8Array;
  /** Signed 16-bit little-endian mono PCM for the whole fragment. */
  readonly pcm: Uint8Array;
}

export interface ProducerFragment {
  /** Epoch ms of the fragment's first sample: the Cluster timecode, as Connect writes it. */
  readonly producerStartMs: number;
  readonly sampleRateHz: number;
  readonly tracks: readonly FragmentTrack[];
  /** The producer's own tags, each in a Tags element of its own after the Cluster. */
  readonly tags: readonly (readonly [string, string])[];
  /** Samples per SimpleBlock (512: 64 ms at 8 kHz, the 1,024-byte frames of the AWS sample). */
  readonly samplesPerBlock?: number;
}

/** A fragment as stored: the bytes before and after where GetMedia inserts its own tags. */
export interface EncodedFragment {
  readonly head: Buffer;
  readonly body: Buffer;
  readonly durationMs: number;
}

const EBML_HEADER = element(
  Id.EBML,
  uintElement(Id.EBMLVersion, 1),
  uintElement(Id.EBMLReadVersion, 1),
  uintElement(Id.EBMLMaxIDLength, 4),
  uintElement(Id.EBMLMaxSizeLength, 8),
  stringElement(Id.DocType, "matroska"),
  uintElement(Id.DocTypeVersion, 2),
  uintElement(Id.DocTypeReadVersion, 2),
);

/**
 * Writes one fragment the way Connect's producer does (a GetMedia dump of a Connect stream,
 * nicolasneudeck.com 2024): EBML header; a Segment and a Cluster of unknown size; Info by the
 * Kinesis Video SDK; audio tracks with no Audio element; the Cluster timecode in epoch ms; one
 * SimpleBlock per frame, tracks interleaved; then each producer tag in a Tags of its own.
 */
export function encodeFragment(fragment: ProducerFragment): EncodedFragment {
  const samplesPerBlock = fragment.samplesPerBlock ?? 512;
  const samples = Math.max(0, ...fragment.tracks.map((track) => track.pcm.length / 2));
  const durationMs = (samples * 1000) / fragment.sampleRateHz;
  if (durationMs > 30_000) throw new RangeError("a fragment holds at most 30 s of audio");
  const uid = createHash("sha256").update(String(fragment.producerStartMs)).digest();
  const info = element(
    Id.Info,
    element(Id.SegmentUID, uid.subarray(0, 16)),
    uintElement(Id.TimecodeScale, 1_000_000),
    stringElement(Id.Title, "Kinesis Video SDK"),
    stringElement(Id.MuxingApp, "Kinesis Video SDK 1.1.0 JNI 2.0"),
    stringElement(Id.WritingApp, "Kinesis Video SDK 1.1.0 JNI 2.0"),
  );
  const tracks = element(Id.Tracks, ...fragment.tracks.map(trackEntry));
  const blocks: Buffer[] = [];
  for (let start = 0; start < samples; start += samplesPerBlock) {
    const relativeMs = Math.round((start * 1000) / fragment.sampleRateHz);
    for (const track of fragment.tracks) {
      const frame = track.pcm.subarray(start * 2, (start + samplesPerBlock) * 2);
      if (frame.length > 0) blocks.push(simpleBlock(track.number, relativeMs, frame));
    }
  }
  const cluster = Buffer.concat([
    unknownSizeHeader(Id.Cluster),
    uintElement(Id.Timecode, fragment.producerStartMs),
    uintElement(Id.Position, 0),
    ...blocks,
  ]);
  const tags = fragment.tags.map(([name, value]) => tagsElement([[name, value]]));
  return {
    head: Buffer.concat([EBML_HEADER, unknownSizeHeader(Id.Segment), info, tracks]),
    body: Buffer.concat([cluster, ...tags]),
    durationMs,
  };
}

/** One Tags element holding one Tag with these SimpleTags, as Kinesis Video writes its own. */
export function tagsElement(entries: readonly (readonly [string, string])[]): Buffer {
  const simpleTags = entries.map(([name, value]) =>
    element(Id.SimpleTag, stringElement(Id.TagName, name), stringElement(Id.TagString, value)),
  );
  return element(Id.Tags, element(Id.Tag, ...simpleTags));
}

/** A Segment holding only error tags: how GetMedia reports a failure inside its stream. */
export function errorFragment(code: string, id: number): Buffer {
  return Buffer.concat([
    EBML_HEADER,
    unknownSizeHeader(Id.Segment),
    tagsElement([
      ["AWS_KINESISVIDEO_ERROR_CODE", code],
      ["AWS_KINESISVIDEO_ERROR_ID", String(id)],
    ]),
  ]);
}

function trackEntry(track: FragmentTrack): Buffer {
  return element(
    Id.TrackEntry,
    uintElement(Id.TrackNumber, track.number),
    uintElement(Id.TrackUID, track.number),
    uintElement(Id.TrackType, 2),
    stringElement(Id.Name, track.name),
    stringElement(Id.CodecID, track.codecId),
    ...(track.codecPrivate ? [element(Id.CodecPrivate, track.codecPrivate)] : []),
  );
}

function simpleBlock(track: number, relativeMs: number, frame: Uint8Array): Buffer {
  const header = Buffer.alloc(4);
  header[0] = 0x80 | track; // tracks 1-127 fit a one-byte vint
  header.writeInt16BE(relativeMs, 1);
  header[3] = 0x80; // keyframe, no lacing
  return element(Id.SimpleBlock, header, frame);
}
