import { readFile } from "node:fs/promises";
import { isDeflectError } from "../../core/errors.ts";
import { scenarioSeconds } from "../../core/simulation/queue-scenario.ts";
import { simulateThresholds } from "../../core/simulation/simulate-thresholds.ts";
import { CONNECTION_OPTIONS, parseCommandArgs } from "./command-args.ts";
import type { OpsCommand } from "./ops-command.ts";
import { type OpsContext, printLine } from "./ops-context.ts";
import { applyRecommendation } from "./simulate-apply.ts";
import { type HistoricalInterval, parseIntervalCsv } from "./simulate-csv.ts";
import { numberFlag, SIMULATE_FLAG_OPTIONS, targetFlag, thresholdFlag } from "./simulate-flags.ts";
import { SIMULATE_HELP } from "./simulate-help.ts";
import { observedSummary, simulationJson, simulationTable } from "./simulate-output.ts";
import { simulateProgress } from "./simulate-progress.ts";
import { type Recommendation, recommend, recommendationText } from "./simulate-recommend.ts";
import { writeSimulationReport } from "./simulate-report.ts";
import { type SimulateFlags, scenarioFromFlags } from "./simulate-scenario.ts";
import { recommendPerWindow, windowsText } from "./simulate-windows.ts";
import { UsageError } from "./usage-error.ts";

export const simulateCommand: OpsCommand = {
  name: "simulate",
  summary: "what-if: simulate a voice queue with deflection at one or more thresholds",
  help: SIMULATE_HELP,
  async run(args, context) {
    const { values: flags } = parseCommandArgs({
      args,
      flags: { ...SIMULATE_FLAG_OPTIONS, ...CONNECTION_OPTIONS },
      positionals: [],
    });
    if (flags.apply !== undefined && flags.target === undefined) {
      throw new UsageError("--apply needs --target: what should it apply?");
    }
    if (flags["window-hours"] !== undefined && flags.target === undefined) {
      throw new UsageError("--window-hours needs --target: what should each window meet?");
    }
    if (flags["window-hours"] !== undefined && flags.apply !== undefined) {
      throw new UsageError(
        "--apply writes one threshold for the day; set per-window thresholds with `thresholds set --file`",
      );
    }
    if (flags.csv !== undefined && flags["arrivals-per-hour"] !== undefined) {
      throw new UsageError("pass --csv or --arrivals-per-hour, not both");
    }
    if (flags.csv === undefined && flags["arrivals-per-hour"] === undefined) {
      throw new UsageError("pass --arrivals-per-hour or --csv <file>");
    }
    const csv = flags.csv === undefined ? undefined : await readCsv(flags.csv);
    const simulated = await asUsage(() => simulate({ flags, csv, context }));
    if (flags.apply !== undefined) {
      await applyRecommendation({
        queue: flags.apply,
        recommendation: simulated.recommendation,
        offRatio: simulated.offRatio,
        flags,
        context,
      });
    }
    return 0;
  },
};

async function simulate(options: {
  flags: SimulateFlags;
  csv: HistoricalInterval[] | undefined;
  context: OpsContext;
}): Promise<{ recommendation: Recommendation | undefined; offRatio: number }> {
  const { flags, csv, context } = options;
  const scenario = scenarioFromFlags(flags, csv);
  const thresholds = thresholdFlag(flags.threshold);
  const target = targetFlag(flags.target);
  const runs = numberFlag({
    flag: "runs",
    value: flags.runs,
    fallback: 20,
    min: 1,
    max: 10_000,
    whole: true,
  });
  const seed = numberFlag({
    flag: "seed",
    value: flags.seed,
    fallback: 1,
    min: 0,
    max: 2 ** 32 - 1,
    whole: true,
  });
  const progress = flags.quiet ? undefined : simulateProgress(context.stderr);
  const onProgress = progress ? { onProgress: progress } : {};
  const results = simulateThresholds({ scenario, thresholds, runs, seed, ...onProgress });
  const hours = scenarioSeconds(scenario) / 3600;
  const run = { runs, seed, hours, start: scenario.start, results };
  const recommendation = target
    ? recommend({ scenario, results, target, runs, seed, ...onProgress })
    : undefined;
  const windowHours =
    flags["window-hours"] === undefined
      ? undefined
      : numberFlag({ flag: "window-hours", value: flags["window-hours"], min: 0.25, max: 24 });
  const windows =
    target && windowHours !== undefined
      ? recommendPerWindow({
          scenario,
          csv,
          thresholds,
          target,
          windowHours,
          runs,
          seed,
          ...onProgress,
        })
      : undefined;

  const notes = [
    ...(csv ? [observedSummary(csv)].filter((n) => n !== undefined) : []),
    ...(recommendation ? [recommendationText(recommendation)] : []),
    ...(windows ? [windowsText(windows)] : []),
  ];
  const report = flags.report
    ? await writeSimulationReport({ dir: flags.report, run, notes })
    : undefined;
  if (flags.json) {
    const extra = {
      ...(recommendation ? { recommendation } : {}),
      ...(windows ? { windows } : {}),
      ...(report ? { report } : {}),
    };
    printLine(context.stdout, JSON.stringify({ ...simulationJson(run), ...extra }, null, 2));
  } else {
    printLine(context.stdout, simulationTable(run));
    for (const note of notes) printLine(context.stdout, note);
    if (report) printLine(context.stdout, `Report: ${report}`);
  }
  return { recommendation, offRatio: scenario.deflection.offRatio };
}

// The core names a scenario it cannot run (no steady state) with an InvalidInputError.
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDeflectError(error) && error.code === "INVALID_INPUT") {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}

async function readCsv(path: string): Promise<HistoricalInterval[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new UsageError(`--csv: cannot read ${path} (${code})`);
  }
  return parseIntervalCsv(text, path);
}
