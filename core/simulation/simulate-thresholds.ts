import type { DayStreams, DayTotals } from "./day-totals.ts";
import type { QueueScenario, SimulatedThreshold } from "./queue-scenario.ts";
import { seededRandom, streamSeed } from "./random.ts";
import { simulateDay } from "./simulate-day.ts";
import { type Estimate, estimate } from "./statistics.ts";

/** What one threshold did to the queue, each figure a mean over runs with its 95 % CI. */
export interface ThresholdResult {
  readonly threshold: SimulatedThreshold;
  /** Mean calls per run arriving in the measured period. */
  readonly calls: number;
  readonly offers: Estimate;
  readonly acceptances: Estimate;
  readonly voice: {
    readonly pWait: Estimate;
    readonly asaSeconds: Estimate;
    readonly serviceLevel20s: Estimate;
    readonly abandonRate: Estimate;
  };
  readonly chat: {
    readonly contacts: Estimate;
    /** Chat agent-hours of work per hour of the measured period. */
    readonly loadErlangs: Estimate;
    readonly asaSeconds: Estimate;
  };
  /** Hours of voice queue time callers were spared, against no deflection on the same draws. */
  readonly voiceWaitSavedHours: Estimate;
}

/** One run's figures, in the units the results report. */
export interface RunMeasures {
  readonly calls: number;
  readonly offers: number;
  readonly acceptances: number;
  readonly pWait: number;
  readonly asaSeconds: number;
  readonly serviceLevel20s: number;
  readonly abandonRate: number;
  readonly chatContacts: number;
  readonly chatLoadErlangs: number;
  readonly chatAsaSeconds: number;
  readonly voiceWaitSavedHours: number;
}

/** The random streams of run `run` of a study seeded with `seed`. */
export function dayStreams(seed: number, run: number): DayStreams {
  const stream = (index: number) => seededRandom(streamSeed({ seed, run, stream: index }));
  return {
    arrivals: stream(0),
    handle: stream(1),
    patience: stream(2),
    choices: stream(3),
    chat: stream(4),
    start: stream(5),
  };
}

/**
 * Simulates `runs` independent days for each threshold. Run k of every threshold uses the
 * same random streams, and so does a no-deflection baseline, so the wait saved is a paired
 * difference rather than the gap between two noisy means.
 */
export function simulateThresholds(options: {
  scenario: QueueScenario;
  thresholds: readonly SimulatedThreshold[];
  runs: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): ThresholdResult[] {
  const { scenario, thresholds, runs, seed } = options;
  const needsBaseline = !thresholds.includes("off");
  const total = runs * (thresholds.length + (needsBaseline ? 1 : 0));
  const samples: RunMeasures[][] = thresholds.map(() => []);
  let done = 0;
  const day = (threshold: SimulatedThreshold, run: number) => {
    const totals = simulateDay({ scenario, threshold, streams: dayStreams(seed, run) });
    options.onProgress?.(++done, total);
    return totals;
  };
  for (let run = 0; run < runs; run++) {
    const days = thresholds.map((threshold) => day(threshold, run));
    const baseline = needsBaseline ? day("off", run) : days[thresholds.indexOf("off")];
    days.forEach((totals, i) => {
      samples[i]?.push(runMeasures(totals, baseline ?? totals));
    });
  }
  return thresholds.map((threshold, i) => summarise(threshold, samples[i] ?? []));
}

export function runMeasures(totals: DayTotals, baseline: DayTotals): RunMeasures {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : Number.NaN);
  const { chat } = totals;
  return {
    calls: totals.calls,
    offers: totals.offers,
    acceptances: totals.acceptances,
    pWait: ratio(totals.waited, totals.queued),
    asaSeconds: ratio(totals.answeredWaitSeconds, totals.answered),
    serviceLevel20s: ratio(totals.answeredWithin20s, totals.queued),
    abandonRate: ratio(totals.abandoned, totals.queued),
    chatContacts: chat.chats,
    chatLoadErlangs: ratio(chat.handleSeconds, totals.measuredSeconds),
    chatAsaSeconds: ratio(chat.waitSeconds, chat.answered),
    voiceWaitSavedHours: (baseline.voiceWaitSeconds - totals.voiceWaitSeconds) / 3600,
  };
}

function summarise(threshold: SimulatedThreshold, runs: readonly RunMeasures[]): ThresholdResult {
  const of = (key: keyof RunMeasures) =>
    estimate(runs.map((run) => run[key]).filter((value) => !Number.isNaN(value)));
  return {
    threshold,
    calls: of("calls").mean,
    offers: of("offers"),
    acceptances: of("acceptances"),
    voice: {
      pWait: of("pWait"),
      asaSeconds: of("asaSeconds"),
      serviceLevel20s: of("serviceLevel20s"),
      abandonRate: of("abandonRate"),
    },
    chat: {
      contacts: of("chatContacts"),
      loadErlangs: of("chatLoadErlangs"),
      asaSeconds: of("chatAsaSeconds"),
    },
    voiceWaitSavedHours: of("voiceWaitSavedHours"),
  };
}
