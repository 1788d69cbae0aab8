import { type Contact, isLive } from "./contact.ts";

/**
 * Pauses a live task (PauseContact: "an ongoing task contact"); false for another channel,
 * an ended contact, or one already paused.
 */
export function pauseContact(contact: Contact, now: number): boolean {
  if (contact.channel !== "TASK" || !isLive(contact) || contact.pause?.pausedAt !== undefined) {
    return false;
  }
  const pause = contact.pause ?? { totalPauseCount: 0, totalPauseDurationMs: 0 };
  contact.pause = {
    ...pause,
    pausedAt: now,
    lastPausedTimestamp: now,
    totalPauseCount: pause.totalPauseCount + 1,
  };
  contact.lastUpdateTimestamp = now;
  return true;
}

/**
 * Resumes a paused task (the ResumeContact action and API; the block page sends voice and
 * chat down its Error branch); false when the contact is not paused.
 */
export function resumeContact(contact: Contact, now: number): boolean {
  const pause = contact.pause;
  if (contact.channel !== "TASK" || pause?.pausedAt === undefined) return false;
  const { pausedAt, ...rest } = pause;
  contact.pause = {
    ...rest,
    lastResumedTimestamp: now,
    totalPauseDurationMs: pause.totalPauseDurationMs + (now - pausedAt),
  };
  contact.lastUpdateTimestamp = now;
  return true;
}
