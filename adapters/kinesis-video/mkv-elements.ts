/** Matroska element ids this reader acts on (ids keep their length marker, as in the spec). */
export const MkvId = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  Name: 0x536e,
  CodecID: 0x86,
  Audio: 0xe1,
  SamplingFrequency: 0xb5,
  Channels: 0x9f,
  BitDepth: 0x6264,
  Tags: 0x1254c367,
  Tag: 0x7373,
  SimpleTag: 0x67c8,
  TagName: 0x45a3,
  TagString: 0x4487,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  Cues: 0x1c53bb6b,
  Chapters: 0x1043a770,
  Attachments: 0x1941a469,
  Void: 0xec,
  Crc32: 0xbf,
} as const;

/** Masters the reader descends into; every other master is skipped unread. */
export const DESCENDED = new Set<number>([
  MkvId.Segment,
  MkvId.Info,
  MkvId.Tracks,
  MkvId.TrackEntry,
  MkvId.Audio,
  MkvId.Tags,
  MkvId.Tag,
  MkvId.SimpleTag,
  MkvId.Cluster,
  MkvId.BlockGroup,
]);

/** Leaves whose value the reader needs; they are read whole, everything else is skipped. */
export const READ_LEAVES = new Set<number>([
  MkvId.TimecodeScale,
  MkvId.TrackNumber,
  MkvId.TrackType,
  MkvId.Name,
  MkvId.CodecID,
  MkvId.SamplingFrequency,
  MkvId.Channels,
  MkvId.BitDepth,
  MkvId.TagName,
  MkvId.TagString,
  MkvId.Timecode,
  MkvId.SimpleBlock,
  MkvId.Block,
]);

const TOP_LEVEL = new Set<number>([MkvId.EBML, MkvId.Segment]);

const SEGMENT_CHILDREN = new Set<number>([
  MkvId.SeekHead,
  MkvId.Info,
  MkvId.Tracks,
  MkvId.Tags,
  MkvId.Cluster,
  MkvId.Cues,
  MkvId.Chapters,
  MkvId.Attachments,
]);

// Cluster: Timecode, SilentTracks, Position, PrevSize, SimpleBlock, BlockGroup, EncryptedBlock.
const CLUSTER_CHILDREN = new Set<number>([0xe7, 0x5854, 0xa7, 0xab, 0xa3, 0xa0, 0xaf]);

/**
 * Whether `id` can sit inside an open `parent` of unknown size. Such an element ends at the
 * first element that cannot be its child (Matroska spec, "Unknown-Sized Element"): Kinesis
 * Video writes each fragment as a Segment, and the producer SDK its Cluster, of unknown size,
 * and Connect's ContactId Tags follow the Cluster as its sibling.
 */
export function canContain(parent: number, id: number): boolean {
  if (id === MkvId.Void || id === MkvId.Crc32) return true;
  if (parent === MkvId.Segment) return SEGMENT_CHILDREN.has(id);
  if (parent === MkvId.Cluster) return CLUSTER_CHILDREN.has(id);
  return !SEGMENT_CHILDREN.has(id) && !TOP_LEVEL.has(id);
}
