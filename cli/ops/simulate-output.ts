import type { ThresholdResult } from "../../core/simulation/simulate-thresholds.ts";
import type { Estimate } from "../../core/simulation/statistics.ts";
import type { HistoricalInterval } from "./simulate-csv.ts";
import { formatTable } from "./text-table.ts";

/** What a simulation was asked, echoed in the output so a result file explains itself. */
export interface SimulationRun {
  readonly runs: number;
  readonly seed: number;
  readonly hours: number;
  readonly start: "empty" | "steady";
  readonly results: readonly ThresholdResult[];
}

/**
 * The machine interface: one threshold prints its result at the top level (`voice`,
 * `offers`, `calls`, ...); several print `results`, one such object per threshold.
 */
export function simulationJson(run: SimulationRun): object {
  const { results, ...about } = run;
  const only = results.length === 1 ? results[0] : undefined;
  return only ? { ...about, ...only } : { ...about, results };
}

/** The people's view: one row per threshold, each figure as mean ± half its 95 % CI. */
export function simulationTable(run: SimulationRun): string {
  const headers = [
    "THRESHOLD",
    "CALLS",
    "OFFERS",
    "ACCEPTED",
    "P(WAIT)",
    "ASA s",
    "SL 20s",
    "ABANDON",
    "CHATS",
    "CHAT ERL",
    "WAIT SAVED h",
  ];
  const rows = run.results.map((r) => [
    r.threshold === "off" ? "off" : `${r.threshold} s`,
    r.calls.toFixed(0),
    plusMinus(r.offers, 0),
    plusMinus(r.acceptances, 0),
    percent(r.voice.pWait),
    plusMinus(r.voice.asaSeconds, 1),
    percent(r.voice.serviceLevel20s),
    percent(r.voice.abandonRate),
    plusMinus(r.chat.contacts, 0),
    plusMinus(r.chat.loadErlangs, 2),
    plusMinus(r.voiceWaitSavedHours, 1),
  ]);
  const note = `${run.runs} runs of ${run.hours} h, seed ${run.seed}, day starts ${run.start}; mean ± 95 % CI half-width per run`;
  return `${formatTable(headers, rows, { alignRight: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })}\n${note}`;
}

/** What the export itself recorded, to set beside the simulated figures. */
export function observedSummary(rows: readonly HistoricalInterval[]): string | undefined {
  let offered = 0;
  let abandoned = 0;
  for (const row of rows) {
    offered += row.contactsOffered;
    if (row.contactsAbandoned === undefined) return undefined;
    abandoned += row.contactsAbandoned;
  }
  const rate = offered > 0 ? `${((abandoned / offered) * 100).toFixed(1)} %` : "-";
  return `In the CSV: ${offered} contacts offered, ${abandoned} abandoned (${rate}).`;
}

function plusMinus(e: Estimate, digits: number): string {
  if (Number.isNaN(e.mean)) return "-";
  return `${e.mean.toFixed(digits)} ±${((e.ci95[1] - e.ci95[0]) / 2).toFixed(digits)}`;
}

function percent(e: Estimate): string {
  if (Number.isNaN(e.mean)) return "-";
  return `${(e.mean * 100).toFixed(1)} ±${(((e.ci95[1] - e.ci95[0]) / 2) * 100).toFixed(1)} %`;
}
