import {
  type ConnectContactLensClient,
  ListRealtimeContactAnalysisSegmentsCommand,
  type ListRealtimeContactAnalysisSegmentsCommandOutput,
} from "@aws-sdk/client-connect-contact-lens";
import * as z from "zod";
import { DependencyFailedError } from "../../core/errors.ts";
import type { TranscriptSegment, TranscriptSource } from "../../core/ports/transcript-source.ts";

export interface ContactLensTranscriptSourceOptions {
  readonly client: ConnectContactLensClient;
  /** The Connect instance the calls belong to (the API takes it with each contact). */
  readonly instanceId: string;
  /** Segments per request, 1–100 (default 100, the API's maximum: fewest requests). */
  readonly maxResults?: number;
  /** Requests per reading at most: a guard against a NextToken that never ends. */
  readonly maxPages?: number;
}

const transcript = z.object({
  Id: z.string().min(1),
  ParticipantRole: z.enum(["CUSTOMER", "AGENT", "SYSTEM"]),
  Content: z.string().trim().min(1),
  BeginOffsetMillis: z.number().int().min(0),
});

/**
 * The voice transcript from Amazon Connect Contact Lens real-time analysis
 * (ListRealtimeContactAnalysisSegments, `@aws-sdk/client-connect-contact-lens`): its
 * `Transcript` segments in time order, one per segment Id (a later copy of a segment replaces
 * the earlier one); categories and summaries are left out.
 *
 * **Caveat: Contact Lens may not analyse a deflected call at all.** It is documented as
 * analysing customer–agent conversations, and a deflected call never reaches an agent: whether
 * real-time analysis produces segments for the IVR-only part of a call is not confirmed
 * (protocols.md §8.3 and §10 item 15). For such a call this source may always answer no
 * segments. The flow must also enable real-time voice analytics, and the data is kept 24 hours.
 *
 * A contact without analysis (ResourceNotFoundException) gives an empty list. What the service
 * answers for an instance without Contact Lens is not documented; any other refusal, and
 * throttling or a 5xx after the SDK's retries, becomes DependencyFailedError.
 *
 * The API allows 1 request a second (burst 2) per account (protocols.md §9). Resume reads once
 * per chat opening, usually one request. In a burst (many customers replying at once) the
 * requests past the first two are throttled; the client's retry strategy retries each after a
 * jittered exponential backoff (the SDK's default: 3 attempts, throttling waits up to 1 s,
 * then 2 s), which spreads them out. Those still throttled fail their chat opening with
 * DependencyFailedError, and resume retries that message later. No pacing is added here.
 */
export class ContactLensTranscriptSource implements TranscriptSource {
  readonly #client: ConnectContactLensClient;
  readonly #instanceId: string;
  readonly #maxResults: number;
  readonly #maxPages: number;

  constructor(options: ContactLensTranscriptSourceOptions) {
    const maxResults = options.maxResults ?? 100;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      throw new RangeError("maxResults must be an integer from 1 to 100");
    }
    this.#client = options.client;
    this.#instanceId = options.instanceId;
    this.#maxResults = maxResults;
    this.#maxPages = options.maxPages ?? 50;
  }

  async segments(contactId: string): Promise<readonly TranscriptSegment[]> {
    const byId = new Map<string, TranscriptSegment>();
    let nextToken: string | undefined;
    for (let page = 0; page < this.#maxPages; page += 1) {
      const output = await this.#page(contactId, nextToken);
      if (!output) return [];
      const found = output.Segments ?? [];
      for (const segment of found) {
        const parsed = transcript.safeParse(segment.Transcript);
        // Categories, summaries and segments we cannot read carry no words for the agent.
        if (!parsed.success) continue;
        const { Id, ParticipantRole, Content, BeginOffsetMillis } = parsed.data;
        byId.set(Id, { participant: ParticipantRole, text: Content, offsetMs: BeginOffsetMillis });
      }
      nextToken = output.NextToken;
      // A NextToken on an empty page means "none yet, analysis still running" (SDK doc text):
      // the call's words so far are all there is to read now.
      if (!nextToken || found.length === 0) break;
    }
    return [...byId.values()].sort((a, b) => a.offsetMs - b.offsetMs);
  }

  /** One page; undefined when the contact has no analysis. */
  async #page(
    contactId: string,
    nextToken: string | undefined,
  ): Promise<ListRealtimeContactAnalysisSegmentsCommandOutput | undefined> {
    try {
      return await this.#client.send(
        new ListRealtimeContactAnalysisSegmentsCommand({
          InstanceId: this.#instanceId,
          ContactId: contactId,
          MaxResults: this.#maxResults,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? "Error";
      if (name === "ResourceNotFoundException") return undefined;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      throw new DependencyFailedError(
        `Contact Lens ListRealtimeContactAnalysisSegments failed (${name})`,
        {
          cause: error,
          details: {
            operation: "ListRealtimeContactAnalysisSegments",
            vendorCode: name,
            ...(status ? { httpStatus: status } : {}),
          },
        },
      );
    }
  }
}
