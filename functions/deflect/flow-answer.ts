import type { AcceptResult } from "../../core/deflection/accept-offer.ts";
import type { CheckResult } from "../../core/deflection/check-offer.ts";
import {
  CHANNEL_DISPLAY_NAMES,
  CHANNEL_MESSAGE_PHRASES,
  waitMinutes,
} from "../../core/deflection/offer-wording.ts";

/** What the flow reads as $.External: a flat map of strings (STRING_MAP). */
export type FlowAnswer = Readonly<Record<string, string>>;

export function checkAnswer(result: CheckResult): FlowAnswer {
  return {
    offer: String(result.offer),
    reason: result.reason,
    channel: result.channel ?? "",
    channelName: result.channel ? CHANNEL_DISPLAY_NAMES[result.channel] : "",
    waitMinutes: result.waitSeconds === undefined ? "" : String(waitMinutes(result.waitSeconds)),
    prompt: result.prompt ?? "",
  };
}

export function acceptAnswer(result: AcceptResult): FlowAnswer {
  return {
    sent: String(result.sent),
    reason: result.reason,
    channel: result.channel ?? "",
    channelName: result.channel ? CHANNEL_DISPLAY_NAMES[result.channel] : "",
    messagePhrase: result.channel ? CHANNEL_MESSAGE_PHRASES[result.channel] : "",
  };
}

/** The answer to `action=transcribe`: whether a transcript worker now follows the call. */
export function transcribeAnswer(result: { started: boolean; reason: string }): FlowAnswer {
  return { transcribing: String(result.started), reason: result.reason };
}

/** Every action answers with all keys the flow may branch on, so a failure is always safe. */
export function failureAnswer(reason: string): FlowAnswer {
  return { offer: "false", sent: "false", recorded: "false", transcribing: "false", reason };
}
