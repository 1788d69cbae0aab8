import { autoAdvancingClock } from "../flow-clock.ts";
import { InMemoryFlowHost, type InMemoryFlowHostOptions } from "../in-memory-host.ts";
import { runFlow } from "../run-flow.ts";
import { ScriptedCaller } from "../scripted-caller.ts";
import { loadFlow, validateFlow } from "../validate-flow.ts";
import { hangUp, say } from "./flow-steps.ts";

/** The error branch most actions under test take: "failed". */
export const FAILED = [{ ErrorType: "NoMatchingError", NextAction: "failed" }];

/**
 * One action under test, then "done"; its errors lead to prompts of their own names
 * ("failed" by default, plus any in `prompts`).
 */
export function flowWith(
  action: object,
  options: { errors?: object[]; prompts?: string[]; metadataType?: string } = {},
) {
  const prompts = options.prompts ?? [];
  return {
    Version: "2019-10-30",
    StartAction: "under-test",
    ...(options.metadataType ? { Metadata: { type: options.metadataType } } : {}),
    Actions: [
      {
        Identifier: "under-test",
        Transitions: { NextAction: "done", Errors: options.errors ?? FAILED },
        ...action,
      },
      say("done"),
      ...prompts.map((prompt) => say(prompt)),
      say("failed"),
      hangUp,
    ],
  };
}

/** Runs a flow on an in-memory host with a scripted caller: what it heard, the host, the result. */
export async function runInMemory(flow: object, options: Partial<InMemoryFlowHostOptions> = {}) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({ clock, participant: caller, ...options });
  const result = await runFlow({ flow: loadFlow(flow), host });
  return { heard: caller.heard.map((h) => h.content), host, result };
}

/** What `validateFlow` finds wrong with a flow; none when it passes. */
export function problemsOf(flow: unknown, options: Parameters<typeof validateFlow>[1] = {}) {
  const result = validateFlow(flow, options);
  return result.ok ? [] : result.problems;
}
