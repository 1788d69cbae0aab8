import { shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";

/** The connection time limit, under either name Connect uses (exactly one of them). */
export const THIRD_PARTY_LIMIT_FIELDS = [
  "ThirdPartyConnectionTimeLimitSeconds",
  "ThirdPartyConnectionTimeoutSeconds",
] as const;

/**
 * TransferParticipantToThirdParty ("Transfer to phone number"), voice only. Exports name the
 * time limit ...TimeLimitSeconds, the current reference ...TimeoutSeconds; either loads. The
 * two call errors exist only when the flow carries on after the third party's leg.
 */
export const thirdPartyRules: Record<string, ActionRule> = {
  TransferParticipantToThirdParty: {
    errors: ["ConnectionTimeLimitExceeded", "CallFailed", "NoMatchingError"],
    check(c) {
      c.staticOrReference("ThirdPartyPhoneNumber");
      const limit = c.exactlyOne(THIRD_PARTY_LIMIT_FIELDS);
      if (limit) c.intString(limit, { min: 0, max: 600, allowReference: true });
      const carryOn = c.oneOf("ContinueFlowExecution", ["True", "False"]);
      if (carryOn === "False") {
        const reason = "the flow ends once the transfer connects (ContinueFlowExecution False)";
        c.forbidError("ConnectionTimeLimitExceeded", reason);
        c.forbidError("CallFailed", reason);
      }
      if (c.has("ThirdPartyDTMFDigits")) c.staticOrReference("ThirdPartyDTMFDigits");
      const callerId = c.params.CallerId;
      if (callerId !== undefined) {
        const number = (callerId as { Number?: unknown } | null)?.Number;
        if (typeof number !== "string") {
          c.problem("Parameters.CallerId.Number", `must be a string, got ${shown(number)}`);
        }
      }
    },
  },
};
