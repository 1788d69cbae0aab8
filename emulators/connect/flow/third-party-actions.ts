import { type ActionOutcome, failed } from "./conditions.ts";
import { type ActionExecutor, E164, stringParam } from "./flow-context.ts";
import { resolveParameterText } from "./references.ts";
import { THIRD_PARTY_LIMIT_FIELDS } from "./third-party-rules.ts";

/**
 * Transfers the caller to a phone number. Carrying on (ContinueFlowExecution True), the flow
 * resumes after the third party hangs up, or takes ConnectionTimeLimitExceeded / CallFailed;
 * otherwise a connected transfer ends the flow and a failed one takes NoMatchingError.
 */
const transferToThirdParty: ActionExecutor = async (action, ctx) => {
  const scope = ctx.scope();
  const waitForEnd = stringParam(action, "ContinueFlowExecution") !== "False";
  const legFailed = (error: "CallFailed" | "ConnectionTimeLimitExceeded", detail: string) =>
    ({
      kind: "error",
      error: waitForEnd ? error : "NoMatchingError",
      detail,
    }) satisfies ActionOutcome;
  if (ctx.host.contactData().channel !== "VOICE") {
    return failed("a phone transfer is voice only");
  }
  const phoneNumber = resolveParameterText(
    stringParam(action, "ThirdPartyPhoneNumber") ?? "",
    scope,
  );
  if (!E164.test(phoneNumber))
    return legFailed("CallFailed", `not an E.164 number: ${phoneNumber}`);
  const field = THIRD_PARTY_LIMIT_FIELDS.find((name) => stringParam(action, name) !== undefined);
  const timeLimitSeconds = Number(
    resolveParameterText(stringParam(action, field ?? "") ?? "", scope),
  );
  const dtmf = stringParam(action, "ThirdPartyDTMFDigits");
  const callerId = (action.Parameters.CallerId as { Number?: string } | undefined)?.Number;
  const leg = ctx.host.dialThirdParty
    ? await ctx.host.dialThirdParty({
        phoneNumber,
        timeLimitSeconds: Number.isFinite(timeLimitSeconds) ? timeLimitSeconds : 0,
        waitForEnd,
        ...(dtmf ? { dtmfDigits: resolveParameterText(dtmf, scope) } : {}),
        ...(callerId ? { callerIdNumber: resolveParameterText(callerId, scope) } : {}),
      })
    : "failed";
  switch (leg) {
    case "completed":
      return { kind: "next" };
    case "connected":
      return { kind: "end", end: { kind: "transferredToPhoneNumber", phoneNumber } };
    case "noAnswer":
      return legFailed("ConnectionTimeLimitExceeded", `${phoneNumber} did not answer in time`);
    case "failed":
      return legFailed("CallFailed", `no third party answers on ${phoneNumber} here`);
  }
};

export const thirdPartyExecutors: Readonly<Record<string, ActionExecutor>> = {
  TransferParticipantToThirdParty: transferToThirdParty,
};
