import * as z from "zod";
import type { TranscriptionJob } from "../../core/ports/transcription-launcher.ts";

/** The worker's event: a TranscriptionJob as the deflect function's launch sends it. */
export const transcriptionEventSchema = z.object({
  instanceId: z.string(),
  stream: z.object({
    contactId: z.string().min(1),
    streamArn: z.string().regex(/^arn:aws[a-z-]*:kinesisvideo:/, "expected a Kinesis Video ARN"),
    startFragmentNumber: z.string().regex(/^\d+$/, "expected a fragment number"),
  }),
  streamStartedAtMs: z.number().positive().optional(),
  languageCode: z.string().regex(/^[a-z]{2,3}-[A-Z]{2}$/, "expected a language code"),
});

/** The event as the core's job (zod's optional keys carry `undefined`; the job's do not). */
export function transcriptionJob(
  event: z.output<typeof transcriptionEventSchema>,
): TranscriptionJob {
  const { streamStartedAtMs, ...job } = event;
  return streamStartedAtMs === undefined ? job : { ...job, streamStartedAtMs };
}

const contactIdSchema = z.object({ stream: z.object({ contactId: z.string().min(1) }) });

/** The call a worker's event is about, read without checking the rest (for logs). */
export function transcriptionContactId(event: unknown): string | undefined {
  const parsed = contactIdSchema.safeParse(event);
  return parsed.success ? parsed.data.stream.contactId : undefined;
}
