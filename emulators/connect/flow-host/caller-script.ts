import * as z from "zod";
import type { CallerStep, FlowClock } from "../flow/index.ts";
import { ScriptedCaller } from "../flow/index.ts";

const reply = {
  /** Seconds the caller waits after the prompt before acting. */
  afterSeconds: z.number().min(0).max(3600).optional(),
  /** Reply only to this action's input request; another request gets silence. */
  forAction: z.string().min(1).max(50).optional(),
};

const stepSchema = z.union([
  z.strictObject({ press: z.string().regex(/^[0-9*#]{1,32}$/, "keys 0-9, * or #"), ...reply }),
  z.strictObject({ say: z.string().min(1).max(1024), ...reply }),
  z.strictObject({ silence: z.literal(true), ...reply }),
  z.strictObject({ hangUp: z.literal(true), ...reply }),
]);

/**
 * What a scripted caller does on a voice call: one step per input request, in order (keys with
 * an optional delay, speech, silence, hanging up), and optionally hanging up after a while
 * wherever the call is. `promptSeconds` fixes how long each prompt plays (default: about 150
 * words a minute, at least one second).
 */
export const callerScriptSchema = z.strictObject({
  steps: z.array(stepSchema).max(200).default([]),
  hangUpAfterSeconds: z.number().min(0).max(86_400).optional(),
  promptSeconds: z.number().min(0).max(600).optional(),
});

export type CallerScript = z.input<typeof callerScriptSchema>;

/** Builds the scripted caller a voice call's flows talk to; throws a ZodError on a bad script. */
export function scriptedCallerFor(clock: FlowClock, script: CallerScript = {}): ScriptedCaller {
  const parsed = callerScriptSchema.parse(script);
  const promptMs = parsed.promptSeconds === undefined ? undefined : parsed.promptSeconds * 1000;
  return new ScriptedCaller(clock, {
    steps: parsed.steps.map(toCallerStep),
    ...(parsed.hangUpAfterSeconds !== undefined
      ? { hangUpAfterSeconds: parsed.hangUpAfterSeconds }
      : {}),
    ...(promptMs !== undefined ? { promptDurationMs: () => promptMs } : {}),
  });
}

function toCallerStep(step: z.output<typeof stepSchema>): CallerStep {
  const timing = {
    ...(step.afterSeconds !== undefined ? { afterSeconds: step.afterSeconds } : {}),
    ...(step.forAction !== undefined ? { forAction: step.forAction } : {}),
  };
  if ("press" in step) return { press: step.press, ...timing };
  if ("say" in step) return { say: step.say, ...timing };
  if ("silence" in step) return { silence: true, ...timing };
  return { hangUp: true, ...timing };
}
