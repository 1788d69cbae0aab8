import type {
  FlowClock,
  InputRequest,
  ParticipantInput,
  PlayResult,
  Prompt,
  PromptDelivery,
} from "./flow-host.ts";
import { ScriptedParticipant, type ScriptedReply } from "./scripted-participant.ts";

/** What the caller does when the flow next waits for input. */
export type CallerStep = ScriptedReply &
  (
    | { readonly press: string }
    | { readonly say: string }
    /** Stay quiet so this input times out. */
    | { readonly silence: true }
    | { readonly hangUp: true }
  );

export interface HeardPrompt {
  readonly actionId: string;
  readonly kind: Prompt["kind"];
  /** Text, SSML, prompt id or media URI, references already resolved. */
  readonly content: string;
  readonly atMs: number;
  readonly result: "played" | "interrupted" | "hungUp";
}

export function promptContent(prompt: Prompt): string {
  switch (prompt.kind) {
    case "Text":
      return prompt.text;
    case "SSML":
      return prompt.ssml;
    case "PromptId":
      return prompt.promptId;
    case "Media":
      return prompt.uri;
  }
}

/** Speaking time at about 150 words a minute, at least one second; recorded prompts take 5 s. */
export function defaultPromptDurationMs(prompt: Prompt): number {
  if (prompt.kind === "PromptId" || prompt.kind === "Media") return 5000;
  const words = promptContent(prompt)
    .replace(/<[^>]*>/g, " ")
    .split(/\s+/)
    .filter(Boolean).length;
  return Math.max(1000, Math.round((words / 150) * 60_000));
}

export interface ScriptedCallerOptions {
  readonly steps?: readonly CallerStep[];
  /** Hang up this long after the call starts, wherever the flow is. */
  readonly hangUpAfterSeconds?: number;
  readonly promptDurationMs?: (prompt: Prompt) => number;
}

/**
 * A voice caller that follows a script: keys to press, speech to say, silence, hanging up.
 * Everything it hears is recorded in order with the action that played it.
 */
export class ScriptedCaller extends ScriptedParticipant<CallerStep> {
  readonly heard: HeardPrompt[] = [];
  readonly said: string[] = [];
  private readonly promptDurationMs: (prompt: Prompt) => number;

  constructor(clock: FlowClock, options: ScriptedCallerOptions = {}) {
    super(clock, options);
    this.promptDurationMs = options.promptDurationMs ?? defaultPromptDurationMs;
  }

  async play(delivery: PromptDelivery, signal: AbortSignal): Promise<PlayResult> {
    const atMs = this.clock.now();
    const waited = await this.waitFor(this.promptDurationMs(delivery.prompt), signal);
    const result =
      waited === "elapsed" ? "played" : waited === "aborted" ? "interrupted" : "hungUp";
    const { actionId, prompt } = delivery;
    this.heard.push({ actionId, kind: prompt.kind, content: promptContent(prompt), atMs, result });
    return result;
  }

  async awaitInput(request: InputRequest, signal: AbortSignal): Promise<ParticipantInput> {
    const step = this.takeStep(request);
    const delayMs = (step?.afterSeconds ?? 0) * 1000;
    const silent = !step || "silence" in step;
    const waited = await this.waitFor(silent ? Number.POSITIVE_INFINITY : delayMs, signal);
    if (waited === "hungUp") return { kind: "hungUp" };
    if (waited === "aborted") throw signal.reason;
    if (!step || "silence" in step) throw signal.reason;
    if ("hangUp" in step) {
      this.leave();
      return { kind: "hungUp" };
    }
    if ("say" in step) {
      this.said.push(step.say);
      return { kind: "speech", text: step.say };
    }
    return { kind: "dtmf", digits: step.press };
  }
}
