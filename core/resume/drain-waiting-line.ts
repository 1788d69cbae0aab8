import { ChatCapacityError, isDeflectError } from "../errors.ts";
import type { LineEntry } from "../ports/waiting-line.ts";
import { resumeChat } from "./resume-chat.ts";
import type { ResumeDeps } from "./resume-deps.ts";

/** Sessions one drain looks at, longest waiting first. */
const DRAIN_BATCH = 100;

/** Failures a retry cannot fix: the message is dropped (and reported), not kept in line. */
const UNROUTABLE_CODES = new Set(["INVALID_INPUT", "ILLEGAL_TRANSITION", "NOT_FOUND"]);

/** Whether an error means the message can never be routed, so retrying it is pointless. */
export function isUnroutable(error: unknown): boolean {
  return isDeflectError(error) && UNROUTABLE_CODES.has(error.code);
}

export interface DrainReport {
  /** Sessions whose parked messages all went through; they left the line. */
  readonly served: number;
  /** Messages routed out of the line (the first of each opens its chat). */
  readonly routed: number;
  /** Messages that can never be routed, dropped from the line. */
  readonly dropped: number;
  /** Sessions this drain found in line that are still there. */
  readonly waiting: number;
  /** True when Connect still had no room: the drain stopped at the first chat it refused. */
  readonly full: boolean;
  /** What held a session back other than a full Connect (it stays in line for the next drain). */
  readonly failures: readonly { voiceContactId: string; error: unknown }[];
}

/**
 * Routes the waiting line, longest waiting first: each session's parked messages in order,
 * the first opening its chat, until Connect refuses a chat (still full). A session whose
 * messages all went through leaves the line; one that met another failure stays in it for
 * the next drain, and the drain goes on with the next session. Safe to run again and
 * alongside another drain: every step is idempotent (the chat's ClientToken, each message's).
 */
export async function drainWaitingLine(deps: ResumeDeps): Promise<DrainReport> {
  const line = deps.waitingLine;
  const report = { served: 0, routed: 0, dropped: 0, waiting: 0, full: false };
  const failures: { voiceContactId: string; error: unknown }[] = [];
  if (!line) return { ...report, failures };
  const entries = await line.entries(DRAIN_BATCH);
  for (const entry of entries) {
    const outcome = await serve(deps, entry, report);
    if (outcome === "full") {
      report.full = true;
      break;
    }
    if (outcome !== "served") {
      failures.push({ voiceContactId: entry.voiceContactId, error: outcome.error });
      continue;
    }
    // A message parked meanwhile keeps the session in line for the next drain.
    if (await line.leave(entry)) report.served += 1;
  }
  return { ...report, waiting: entries.length - report.served, failures };
}

async function serve(
  deps: ResumeDeps,
  entry: LineEntry,
  report: { routed: number; dropped: number },
): Promise<"served" | "full" | { error: unknown }> {
  const line = deps.waitingLine;
  if (!line) return "served";
  const { voiceContactId } = entry;
  for (const reply of await line.parked(voiceContactId)) {
    try {
      await resumeChat(deps, reply, { fromLine: true });
      report.routed += 1;
    } catch (error) {
      if (error instanceof ChatCapacityError) return "full";
      if (!isUnroutable(error)) return { error };
      report.dropped += 1;
    }
    await line.release({ voiceContactId, reply });
  }
  return "served";
}
