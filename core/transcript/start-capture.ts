import { isDeflectError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { IdempotencyStore } from "../ports/idempotency-store.ts";
import type { TranscriptionJob, TranscriptionLauncher } from "../ports/transcription-launcher.ts";
import { withClaim } from "../reliability/with-claim.ts";

export interface StartCaptureDeps {
  readonly claims: IdempotencyStore;
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
  let outcome: Awaited<ReturnType<typeof withClaim>>;
  try {
    outcome = await withClaim(
      deps.claims,
      {
        key: captureKey(job.stream.contactId),
        ttlSeconds: CLAIM_TTL_SECONDS,
        leaseSeconds: CLAIM_LEASE_SECONDS,
      },
      async () => {
        await deps.launcher.launch(job);
        return { launchedAt: deps.clock.now().toISOString() };
      },
    );
  } catch (error) {
    if (isDeflectError(error)) return { started: false, reason: "LAUNCH_FAILED" };
    throw error;
  }
  return outcome.state === "done"
    ? { started: true }
    : { started: false, reason: "ALREADY_STARTED" };
}

export function captureKey(contactId: string): string {
  return `transcript-capture#${contactId}`;
}
