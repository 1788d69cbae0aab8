import { PollyPromptVoice } from "../../adapters/polly/polly-prompt-voice.ts";
import { type OpsOutput, printLine } from "../ops/ops-context.ts";
import { UsageError } from "../ops/usage-error.ts";
import { LocalPollyUnavailableError, openPolly } from "./polly-target.ts";
import { FLOW_PROMPTS, type PromptCatalog } from "./prompt-set.ts";
import { PROMPTS_HELP, type PromptsRequest, parsePromptsArgs } from "./prompts-args.ts";
import { describeError, type PromptOutcome, renderPrompts } from "./render-prompts.ts";

export interface PromptsContext {
  readonly stdout: OpsOutput;
  readonly stderr: OpsOutput;
  /** The flows' prompt catalog unless a test gives another. */
  readonly catalog?: PromptCatalog;
  /** espeak-ng for the local Polly (a test names a missing one). */
  readonly espeakCommand?: string;
  /** Milliseconds; performance.now() unless given. */
  readonly now?: () => number;
}

/**
 * `npm run prompts`: renders the catalog's prompts to WAV files and returns the exit status:
 * 0 all written, 1 a prompt refused or Polly failing (the others are still reported), 2 bad usage.
 */
export async function runPrompts(
  argv: readonly string[],
  context: PromptsContext,
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    printLine(context.stdout, PROMPTS_HELP);
    return 0;
  }
  const catalog = context.catalog ?? FLOW_PROMPTS;
  const now = context.now ?? (() => performance.now());
  let request: PromptsRequest;
  try {
    request = parsePromptsArgs(argv, catalog);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printLine(context.stderr, `error: ${error.message} (see \`npm run prompts -- --help\`)`);
    return 2;
  }
  const started = now();
  let polly: Awaited<ReturnType<typeof openPolly>>;
  try {
    polly = await openPolly(request.target, context.espeakCommand);
  } catch (error) {
    const known = error instanceof LocalPollyUnavailableError;
    printLine(context.stderr, `error: ${known ? error.message : describeError(error)}`);
    return 1;
  }
  try {
    const outcomes = await renderPrompts({
      catalog,
      request,
      voice: new PollyPromptVoice({ client: polly.client }),
      progress: (line) => printLine(context.stderr, line),
      now,
    });
    const seconds = (now() - started) / 1000;
    return summarize(outcomes, { request, context, seconds, spokenBy: polly.description });
  } finally {
    await polly.close();
  }
}

function summarize(
  outcomes: readonly PromptOutcome[],
  run: { request: PromptsRequest; context: PromptsContext; seconds: number; spokenBy: string },
): number {
  const { request, context } = run;
  const written = outcomes.filter((o) => o.kind === "written");
  const audioSeconds = written.reduce((sum, o) => sum + o.audioSeconds, 0);
  printLine(
    context.stdout,
    `Wrote ${written.length} of ${outcomes.length} prompts (${audioSeconds.toFixed(1)} s of speech, ` +
      `${request.sampleRateHz} Hz mono 16-bit) to ${request.outDir}/<language>/<prompt>.wav ` +
      `in ${run.seconds.toFixed(1)} s, spoken by ${run.spokenBy}.`,
  );
  const unwritten = outcomes.filter((o) => o.kind !== "written");
  if (unwritten.length === 0) return 0;
  printLine(
    context.stderr,
    `error: ${unwritten.length} of ${outcomes.length} prompts not written:`,
  );
  for (const outcome of unwritten) {
    const why = outcome.kind === "skipped" ? "not tried after Polly failed" : outcome.reason;
    printLine(context.stderr, `  ${outcome.job.name} (${outcome.job.language}): ${why}`);
  }
  return 1;
}
