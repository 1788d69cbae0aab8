import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { DependencyFailedError } from "../../core/errors.ts";
import type { TranscriptSegment, TranscriptSource } from "../../core/ports/transcript-source.ts";
import { epochSeconds, transcriptPartition } from "./item-keys.ts";

export interface DynamoTranscriptSourceOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long segments are kept after they are written (default 7 days). */
  readonly ttlSeconds?: number;
}

const segmentItem = z.object({
  participant: z.enum(["CUSTOMER", "AGENT", "SYSTEM"]),
  text: z.string(),
  offsetMs: z.number().int().min(0),
});

// BatchWriteItem takes at most 25 puts per call.
const BATCH_SIZE = 25;
const MAX_UNPROCESSED_ROUNDS = 5;

/**
 * The voice transcript on the single table: one item per segment, `pk = TRANSCRIPT#<contactId>`,
 * `sk = SEG#<offset, zero-padded to 12 digits>#<participant>`. One item per segment, not one
 * item holding a list, because segments arrive one by one while the call runs: each is a
 * blind, idempotent put (a redelivered segment overwrites itself) with no read-modify-write
 * race between writers and no 400 KB item ceiling on a long call; a Query on the partition
 * returns them in time order, since the padded offset sorts as a string.
 */
export class DynamoTranscriptSource implements TranscriptSource {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;

  constructor(options: DynamoTranscriptSourceOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? 7 * 24 * 3600;
  }

  async segments(contactId: string): Promise<readonly TranscriptSegment[]> {
    const segments: TranscriptSegment[] = [];
    let startKey: QueryCommandOutput["LastEvaluatedKey"];
    do {
      const page: QueryCommandOutput = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": transcriptPartition(contactId), ":prefix": "SEG#" },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        // A malformed item (written by hand or an older writer) is skipped, not fatal.
        const parsed = segmentItem.safeParse(item);
        if (parsed.success) segments.push(parsed.data);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return segments;
  }

  /** Stores segments of a contact's call; writing the same segment twice changes nothing. */
  async putSegments(
    contactId: string,
    segments: readonly TranscriptSegment[],
    now: Date = new Date(),
  ): Promise<void> {
    const expiresAt = epochSeconds(now) + this.#ttlSeconds;
    const requests = segments.map((segment) => ({
      PutRequest: {
        Item: {
          pk: transcriptPartition(contactId),
          sk: segmentSortKey(segment),
          participant: segment.participant,
          text: segment.text,
          offsetMs: segment.offsetMs,
          expiresAt,
        },
      },
    }));
    for (let i = 0; i < requests.length; i += BATCH_SIZE) {
      await this.#writeBatch(requests.slice(i, i + BATCH_SIZE));
    }
  }

  async #writeBatch(requests: readonly Record<string, unknown>[]): Promise<void> {
    let pending = requests;
    for (let round = 0; round < MAX_UNPROCESSED_ROUNDS && pending.length > 0; round += 1) {
      const output = await this.#db.send(
        new BatchWriteCommand({ RequestItems: { [this.#table]: [...pending] } }),
      );
      pending = output.UnprocessedItems?.[this.#table] ?? [];
    }
    if (pending.length > 0) {
      throw new DependencyFailedError(`${pending.length} transcript segments were not written`);
    }
  }
}

function segmentSortKey(segment: TranscriptSegment): string {
  return `SEG#${String(Math.max(0, Math.floor(segment.offsetMs))).padStart(12, "0")}#${segment.participant}`;
}
