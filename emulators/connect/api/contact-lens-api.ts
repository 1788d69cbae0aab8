import * as z from "zod";
import type { AnalysedSegment } from "../contact-lens/analysis-session.ts";
import type { RealtimeAnalysis } from "../contact-lens/realtime-analysis.ts";
import type { EmulatorState } from "../emulator-state.ts";
import { ApiError } from "../http/api-error.ts";
import { connectRoute, type RouteSpec } from "../http/router.ts";

// Field rules from the Contact Lens API reference (ListRealtimeContactAnalysisSegments).
const notBlank = /\S/;
const requestSchema = z.object({
  InstanceId: z.string().min(1).max(256).regex(notBlank),
  ContactId: z.string().min(1).max(256).regex(notBlank),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NextToken: z.string().min(1).max(131_070).regex(notBlank).optional(),
});

// The service's default page size is not documented; this emulator uses the maximum.
const DEFAULT_MAX_RESULTS = 100;

/**
 * ListRealtimeContactAnalysisSegments (Contact Lens, `contact-lens.<region>.amazonaws.com`),
 * served on the emulator's one origin. Its errors share Connect's names and statuses
 * (InvalidRequestException 400, ResourceNotFoundException 404, ThrottlingException 429,
 * InternalServiceException 500), so the route speaks as Connect.
 */
export function contactLensRoutes(state: EmulatorState, analysis: RealtimeAnalysis): RouteSpec[] {
  return [
    connectRoute(
      "POST",
      "/realtime-contact-analysis/analysis-segments",
      "ListRealtimeContactAnalysisSegments",
      ({ body }) => {
        const request = parse(body);
        const { contact } = state.contact(request.InstanceId, request.ContactId);
        // The API is for voice; chats are read with ListRealtimeContactAnalysisSegmentsV2, which
        // refuses VOICE with InvalidRequestException. The reverse is this emulator's guess.
        if (contact.channel !== "VOICE") {
          throw new ApiError("InvalidRequestException", "Only voice contacts are supported");
        }
        const found = analysis.read(contact);
        // Undocumented: what the service says for a contact without (or past) real-time analysis.
        if (!found) {
          throw new ApiError(
            "ResourceNotFoundException",
            `No real-time analysis session for contact ${contact.id}`,
          );
        }
        const offset = request.NextToken ? tokenOffset(request.NextToken, contact.id) : 0;
        const end = Math.min(
          offset + (request.MaxResults ?? DEFAULT_MAX_RESULTS),
          found.segments.length,
        );
        // A NextToken means more segments now, or none yet while the analysis goes on; none
        // means the analysis is over and everything has been read (SDK doc text).
        const more = end < found.segments.length || !found.completed;
        return {
          json: {
            Segments: found.segments.slice(offset, end).map(wireSegment),
            ...(more ? { NextToken: token(contact.id, end) } : {}),
          },
        };
      },
    ),
  ];
}

function parse(body: unknown): z.infer<typeof requestSchema> {
  const result = requestSchema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "request";
  throw new ApiError(
    "InvalidRequestException",
    `Invalid value for ${field}: ${issue?.message ?? "invalid"}`,
  );
}

function wireSegment(segment: AnalysedSegment) {
  return {
    Transcript: {
      Id: segment.id,
      ParticipantId: segment.participantRole,
      ParticipantRole: segment.participantRole,
      Content: segment.content,
      BeginOffsetMillis: segment.beginOffsetMs,
      EndOffsetMillis: segment.endOffsetMs,
    },
  };
}

function token(contactId: string, offset: number): string {
  return Buffer.from(JSON.stringify({ contactId, offset })).toString("base64url");
}

function tokenOffset(nextToken: string, contactId: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (parsed.contactId === contactId && Number.isInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // Not one of ours: refused below.
  }
  throw new ApiError("InvalidRequestException", "NextToken is not valid for this contact");
}
