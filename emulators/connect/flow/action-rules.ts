import type { ActionChecker } from "./action-checker.ts";
import { caseRules } from "./case-rules.ts";
import { chatRules } from "./chat-rules.ts";
import { contactRules } from "./contact-rules.ts";
import { flowControlRules } from "./flow-control-rules.ts";
import type { FlowErrorType } from "./flow-document.ts";
import { hoursRules } from "./hours-rules.ts";
import { outboundRules } from "./outbound-rules.ts";
import { participantRules } from "./participant-rules.ts";
import { profileRules } from "./profile-rules.ts";
import { routingRules } from "./routing-rules.ts";
import { thirdPartyRules } from "./third-party-rules.ts";
import { transferRules } from "./transfer-rules.ts";
import { viewRules } from "./view-rules.ts";
import { voiceIdRules } from "./voice-id-rules.ts";

/** Load-time rules for one action type (protocols.md §2.3). */
export interface ActionRule {
  /** Error types the action can raise; any other listed ErrorType is a problem. */
  readonly errors: readonly FlowErrorType[];
  /** True when the action branches on Conditions; otherwise Conditions are rejected. */
  readonly conditions?: boolean;
  /** Terminal actions take `"Transitions": {}`. */
  readonly terminal?: boolean;
  check(checker: ActionChecker): void;
}

export const actionRules: Readonly<Record<string, ActionRule>> = {
  ...participantRules,
  ...viewRules,
  ...contactRules,
  ...flowControlRules,
  ...routingRules,
  ...profileRules,
  ...thirdPartyRules,
  ...voiceIdRules,
  ...hoursRules,
  ...caseRules,
  ...outboundRules,
  ...chatRules,
  ...transferRules,
};

export const SUPPORTED_ACTION_TYPES: readonly string[] = Object.keys(actionRules).sort();
