import { isDeflectError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { SessionStore } from "../ports/session-store.ts";
import type { TranscriptionJob, TranscriptionLauncher } from "../ports/transcription-launcher.ts";

export interface StartCaptureDeps {
  readonly sessions: Pick<
    SessionStore,
    "claimIdempotencyKey" | "releaseIdempotencyKey" | "completeIdempotencyKey"
  >;
  readonly launcher: TranscriptionLauncher;
  readonly clock: Clock;
}

export type StartCaptureResult =
  | { readonly started: true }
  | { readonly started: false; readonly reason: "ALREADY_STARTED" | "LAUNCH_FAILED" };

// Long enough for any retry of the flow's invoke; short, since the claim is only for the call.
const CLAIM_TTL_SECONDS = 24 * 3600;
// A launch is one asynchronous invoke; a claim still open after this was abandoned.
const CLAIM_LEASE_SECONDS = 30;

/**
 * Starts the transcript worker for a call once. The flow's Lambda step may be retried by
 * Connect, so the launch is claimed on the contact first: a retry finds the claim and starts
 * no second worker. A failed launch releases the claim so the next attempt may try again.
 */
export async function startCapture(
  deps: StartCaptureDeps,
  job: TranscriptionJob,
): Promise<StartCaptureResult> {
  const key = captureKey(job.stream.contactId);
  const claim = await deps.sessions.claimIdempotencyKey({
    key,
    ttlSeconds: CLAIM_TTL_SECONDS,
    leaseSeconds: CLAIM_LEASE_SECONDS,
  });
  if (claim.state !== "claimed") return { started: false, reason: "ALREADY_STARTED" };
  try {
    await deps.launcher.launch(job);
  } catch (error) {
    await deps.sessions.releaseIdempotencyKey({ key, claimId: claim.claimId });
    if (isDeflectError(error)) return { started: false, reason: "LAUNCH_FAILED" };
    throw error;
  }
  await deps.sessions.completeIdempotencyKey({
    key,
    result: { launchedAt: deps.clock.now().toISOString() },
  });
  return { started: true };
}

export function captureKey(contactId: string): string {
  return `transcript-capture#${contactId}`;
}
