import type { AcceptResult } from "../../core/deflection/accept-offer.ts";
import type { CheckResult } from "../../core/deflection/check-offer.ts";
import { channelWording, waitMinutes } from "../../core/deflection/offer-wording.ts";

/** What the flow reads as $.External: a flat map of strings (STRING_MAP). */
export type FlowAnswer = Readonly<Record<string, string>>;

/** The flow speaks `channelName` in the call's language (`languageCode`). */
export function checkAnswer(result: CheckResult, languageCode?: string): FlowAnswer {
  return {
    offer: String(result.offer),
    reason: result.reason,
    channel: result.channel ?? "",
    channelName: result.channel ? channelWording(result.channel, languageCode).name : "",
    waitMinutes: result.waitSeconds === undefined ? "" : String(waitMinutes(result.waitSeconds)),
  };
}

export function acceptAnswer(result: AcceptResult, languageCode?: string): FlowAnswer {
  const wording = result.channel ? channelWording(result.channel, languageCode) : undefined;
  return {
    sent: String(result.sent),
    reason: result.reason,
    channel: result.channel ?? "",
    channelName: wording?.name ?? "",
    messagePhrase: wording?.messagePhrase ?? "",
  };
}

/** Every action answers with all keys the flow may branch on, so a failure is always safe. */
export function failureAnswer(reason: string): FlowAnswer {
  return { offer: "false", sent: "false", recorded: "false", reason };
}
