import type { ChatTotals } from "./chat-desk.ts";
import type { Random } from "./random.ts";

/** Independent random streams, one per purpose, so a caller's draws do not depend on policy. */
export interface DayStreams {
  readonly arrivals: Random;
  readonly handle: Random;
  readonly patience: Random;
  readonly choices: Random;
  readonly chat: Random;
  readonly start: Random;
}

/** Counts and sums over the calls that arrived in the measured part of one day. */
export interface DayTotals {
  calls: number;
  offers: number;
  acceptances: number;
  /** Calls that joined the voice queue (not deflected). */
  queued: number;
  answered: number;
  /** Queued calls not answered at once: answered after a wait, or abandoned. */
  waited: number;
  answeredWithin20s: number;
  abandoned: number;
  answeredWaitSeconds: number;
  /** Time in the voice queue of every queued call, answered or abandoned. */
  voiceWaitSeconds: number;
  measuredSeconds: number;
  readonly chat: ChatTotals;
}

const SERVICE_LEVEL_SECONDS = 20;

export function newDayTotals(options: { measuredSeconds: number; chat: ChatTotals }): DayTotals {
  return {
    ...{ calls: 0, offers: 0, acceptances: 0, queued: 0, answered: 0, waited: 0 },
    ...{ answeredWithin20s: 0, abandoned: 0, answeredWaitSeconds: 0, voiceWaitSeconds: 0 },
    ...options,
  };
}

export function recordAnswered(totals: DayTotals, waitSeconds: number): void {
  totals.answered++;
  totals.answeredWaitSeconds += waitSeconds;
  totals.voiceWaitSeconds += waitSeconds;
  if (waitSeconds > 0) totals.waited++;
  if (waitSeconds <= SERVICE_LEVEL_SECONDS) totals.answeredWithin20s++;
}

export function recordAbandoned(totals: DayTotals, waitSeconds: number): void {
  totals.abandoned++;
  totals.waited++;
  totals.voiceWaitSeconds += waitSeconds;
}
