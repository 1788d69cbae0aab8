import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidInputError, isDeflectError } from "../../core/errors.ts";
import type { PromptVoice } from "../../core/ports/prompt-voice.ts";
import { promptWith } from "../../flows/prompt-catalog.ts";
import { promptProblem } from "./prompt-check.ts";
import type { PromptCatalog } from "./prompt-set.ts";
import type { PromptsRequest } from "./prompts-args.ts";
import { wavFile } from "./wav-file.ts";

export interface PromptJob {
  readonly name: string;
  readonly language: string;
  readonly file: string;
}

export type PromptOutcome =
  | { readonly kind: "written"; readonly job: PromptJob; readonly audioSeconds: number }
  /** The local check or Polly refused the text: this prompt needs fixing. */
  | { readonly kind: "refused"; readonly job: PromptJob; readonly reason: string }
  /** Polly (or the disk) failed; the prompts not yet started are skipped. */
  | { readonly kind: "failed"; readonly job: PromptJob; readonly reason: string }
  | { readonly kind: "skipped"; readonly job: PromptJob };

export interface RenderOptions {
  readonly catalog: PromptCatalog;
  readonly request: PromptsRequest;
  readonly voice: PromptVoice;
  /** One line per prompt as it finishes. */
  readonly progress: (line: string) => void;
  /** Milliseconds, for the time each prompt took. */
  readonly now: () => number;
}

// The local speech engine runs four espeak-ng processes at once; four requests in flight also
// stay near Polly's SynthesizeSpeech rate quota, and the SDK retries a throttle.
const CONCURRENCY = 4;

/** Renders each asked prompt in each asked language to `<out>/<language>/<prompt>.wav`. */
export async function renderPrompts(options: RenderOptions): Promise<PromptOutcome[]> {
  const { request } = options;
  const jobs = request.languages.flatMap((language) =>
    request.promptNames.map((name) => ({
      name,
      language,
      file: join(request.outDir, language, `${name}.wav`),
    })),
  );
  const outcomes = new Map<PromptJob, PromptOutcome>();
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped) {
      const job = jobs[next++];
      if (!job) return;
      const started = options.now();
      const outcome = await renderOne(job, options);
      outcomes.set(job, outcome);
      const seconds = (options.now() - started) / 1000;
      options.progress(`[${outcomes.size}/${jobs.length}] ${progressText(outcome, seconds)}`);
      if (outcome.kind === "failed") stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  return jobs.map((job) => outcomes.get(job) ?? { kind: "skipped", job });
}

async function renderOne(job: PromptJob, options: RenderOptions): Promise<PromptOutcome> {
  const { catalog, request } = options;
  try {
    // An older render of this prompt must not pass for this one if this one fails.
    await rm(job.file, { force: true });
    const ssml = catalog.prompts[job.name]?.[job.language];
    const voice = catalog.voices[job.language];
    const text =
      ssml === undefined ? undefined : promptWith(ssml, catalog.examples[job.language] ?? {});
    const problem =
      text === undefined ? `the catalog has no ${job.language} text for it` : promptProblem(text);
    if (problem !== undefined || text === undefined || !voice) {
      return { kind: "refused", job, reason: problem ?? `no voice for ${job.language}` };
    }
    try {
      const spoken = await options.voice.speak({
        text,
        textType: "ssml",
        voiceId: voice.voiceId,
        engine: voice.engine,
        languageCode: job.language,
        sampleRateHz: request.sampleRateHz,
      });
      await mkdir(join(request.outDir, job.language), { recursive: true });
      await writeFile(job.file, wavFile(spoken.audio, spoken.sampleRateHz));
      return { kind: "written", job, audioSeconds: spoken.audio.length / 2 / spoken.sampleRateHz };
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return { kind: "refused", job, reason: error.message };
    }
  } catch (error) {
    return { kind: "failed", job, reason: describeError(error) };
  }
}

function progressText(outcome: PromptOutcome, seconds: number): string {
  const label = `${outcome.job.language} ${outcome.job.name} …`;
  switch (outcome.kind) {
    case "written":
      return `${label} ${outcome.audioSeconds.toFixed(1)} s of speech, rendered in ${seconds.toFixed(2)} s`;
    case "refused":
      return `${label} refused: ${outcome.reason}`;
    case "failed":
      return `${label} failed: ${outcome.reason}`;
    case "skipped":
      return `${label} skipped`;
  }
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (isDeflectError(error)) return error.message;
  const named = error.name !== "Error" && !error.message.includes(error.name);
  return named ? `${error.name}: ${error.message}` : error.message;
}
