import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import type { ActionOutcome } from "./conditions.ts";
import {
  type ActionContext,
  type ActionExecutor,
  playPrompt,
  resolvePrompt,
  stepLimitReached,
  stringParam,
} from "./flow-context.ts";
import type { FlowAction } from "./flow-document.ts";
import type { ParticipantInput } from "./flow-host.ts";
import { raceWithTimeout } from "./timing.ts";

const HUNG_UP: ActionOutcome = { kind: "end", end: { kind: "hungUp" } };
const NOT_PLAYABLE: ActionOutcome = {
  kind: "error",
  error: "NoMatchingError",
  detail: "prompt not playable on this channel",
};
// The Get customer input console default; the flow language leaves the field optional.
const DEFAULT_INPUT_SECONDS = 5;
const DEFAULT_TERMINATOR = "#";
const MAX_TIMER_MS = 2 ** 31 - 1;

const messageParticipant: ActionExecutor = async (action, ctx) => {
  const prompt = resolvePrompt(action.Parameters, ctx);
  if (!prompt) return NOT_PLAYABLE;
  const played = await playPrompt(ctx, { actionId: action.Identifier, prompt });
  return played === "hungUp" ? HUNG_UP : { kind: "next" };
};

/** Waits for DTMF (voice) or a message (chat) until the deadline; speech is not DTMF and is skipped. */
async function collectInput(
  action: FlowAction,
  ctx: ActionContext,
  storeInput: boolean,
): Promise<ParticipantInput | undefined> {
  const { clock, participant } = ctx.host;
  const seconds = Number(stringParam(action, "InputTimeLimitSeconds") ?? DEFAULT_INPUT_SECONDS);
  const deadline = clock.now() + seconds * 1000;
  for (;;) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) return undefined;
    const raced = await raceWithTimeout({
      clock,
      timeoutMs: remaining,
      parent: ctx.signal,
      task: (signal) => participant.awaitInput({ actionId: action.Identifier, storeInput }, signal),
    });
    if (raced.kind === "timeout") return undefined;
    if (raced.value.kind !== "speech") return raced.value;
    ctx.trace.steps.push({
      actionId: action.Identifier,
      type: action.Type,
      outcome: "ignored-speech",
      detail: raced.value.text,
    });
  }
}

type Stored = { readonly value: string } | { readonly invalid: string };

function storedValue(action: FlowAction, raw: string): Stored {
  const dtmf = action.Parameters.DTMFConfiguration as
    | { InputTerminationSequence?: string }
    | undefined;
  const terminator = dtmf?.InputTerminationSequence ?? DEFAULT_TERMINATOR;
  const cut = raw.indexOf(terminator);
  const value = cut >= 0 ? raw.slice(0, cut) : raw;
  const validation = action.Parameters.InputValidation as {
    PhoneNumberValidation?: { NumberFormat: string; CountryCode?: string };
    CustomValidation?: { MaximumLength: string };
  };
  if (validation.CustomValidation) {
    return { value: value.slice(0, Number(validation.CustomValidation.MaximumLength)) };
  }
  const phone = validation.PhoneNumberValidation;
  const parsed =
    phone?.NumberFormat === "Local"
      ? parsePhoneNumberFromString(value, phone.CountryCode as CountryCode)
      : // E164: the caller keys the country code; a keypad has no "+".
        parsePhoneNumberFromString(value.startsWith("+") ? value : `+${value}`);
  if (!parsed?.isValid()) return { invalid: value };
  // Stored as E.164; the stored form for local numbers is an assumption [unverified].
  return { value: parsed.number };
}

const getParticipantInput: ActionExecutor = async (action, ctx) => {
  const storeInput = stringParam(action, "StoreInput") === "True";
  // Store customer input is voice only; other channels take the error branch (store-customer-input.md).
  if (storeInput && ctx.host.contactData().channel !== "VOICE") return NOT_PLAYABLE;
  const prompt = resolvePrompt(action.Parameters, ctx);
  if (!prompt) return NOT_PLAYABLE;
  if ((await playPrompt(ctx, { actionId: action.Identifier, prompt })) === "hungUp") return HUNG_UP;
  const input = await collectInput(action, ctx, storeInput);
  if (!input && storeInput) {
    // Store customer input: no input takes the success branch with the value "Timeout"
    // (admin guide, store-customer-input.md).
    ctx.state.storedCustomerInput = "Timeout";
    return { kind: "next" };
  }
  if (!input) return { kind: "error", error: "InputTimeLimitExceeded" };
  if (input.kind === "hungUp") return HUNG_UP;
  const raw = input.kind === "dtmf" ? input.digits : input.text.trim();
  if (!storeInput) {
    // The block branches on a single key; later keys of the same burst are not read.
    return { kind: "result", value: input.kind === "dtmf" ? raw.slice(0, 1) : raw };
  }
  const stored = storedValue(action, raw);
  if ("invalid" in stored)
    return { kind: "error", error: "InvalidPhoneNumber", detail: stored.invalid };
  ctx.state.storedCustomerInput = stored.value;
  return { kind: "next" };
};

/** Loops the messages until InterruptFrequencySeconds elapses (or forever, until the run stops). */
const messageParticipantIteratively: ActionExecutor = async (action, ctx) => {
  const { clock } = ctx.host;
  const messages = action.Parameters.Messages as Record<string, unknown>[];
  const interrupt = stringParam(action, "InterruptFrequencySeconds");
  const deadline =
    interrupt === undefined ? Number.POSITIVE_INFINITY : clock.now() + Number(interrupt) * 1000;
  for (let index = 0; ; index = (index + 1) % messages.length) {
    if (stepLimitReached(ctx)) {
      const message = `step limit of ${ctx.maxSteps} reached in "${action.Identifier}"`;
      return { kind: "end", end: { kind: "error", message } };
    }
    const prompt = resolvePrompt(messages[index] ?? {}, ctx);
    if (!prompt) return NOT_PLAYABLE;
    const delivery = { actionId: action.Identifier, prompt };
    const startedAt = clock.now();
    if (startedAt >= deadline) return { kind: "result", value: "MessagesInterrupted" };
    const raced = await raceWithTimeout({
      clock,
      timeoutMs: Math.min(deadline - startedAt, MAX_TIMER_MS),
      parent: ctx.signal,
      task: (signal) => ctx.host.participant.play(delivery, signal),
    });
    const result = raced.kind === "timeout" ? "interrupted" : raced.value;
    if (result === "hungUp") return HUNG_UP;
    ctx.trace.prompts.push({ ...delivery, atMs: startedAt, result });
    if (raced.kind === "timeout") return { kind: "result", value: "MessagesInterrupted" };
    // A chat message takes no time to "play"; pace the loop so it cannot spin [unverified pacing].
    if (clock.now() === startedAt) await clock.sleep(1000, ctx.signal);
  }
};

const disconnectParticipant: ActionExecutor = async (_action, ctx) => {
  await ctx.host.disconnect();
  return { kind: "end", end: { kind: "disconnected", by: "action" } };
};

export const participantExecutors: Record<string, ActionExecutor> = {
  MessageParticipant: messageParticipant,
  GetParticipantInput: getParticipantInput,
  MessageParticipantIteratively: messageParticipantIteratively,
  DisconnectParticipant: disconnectParticipant,
};
