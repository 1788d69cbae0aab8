import type { ActionRule } from "./action-rules.ts";

export const PREVIOUS_PARTICIPANT_STATES = ["AgentOnHold", "CustomerOnHold", "OffHold"] as const;

/**
 * Transfers and the contact's own state. TransferContactToAgent ("Transfer to agent (beta)",
 * voice) has no parameters and no errors on its action page; its block page routes chat,
 * task and email down Error, so NoMatchingError may be listed. UpdatePreviousContactParticipantState
 * ("Hold customer or agent", voice) holds a participant of the contact before the transfer.
 * ResumeContact resumes a paused contact.
 */
export const transferRules: Record<string, ActionRule> = {
  TransferContactToAgent: { errors: ["NoMatchingError"], check: () => {} },
  UpdatePreviousContactParticipantState: {
    errors: ["NoMatchingError"],
    check(c) {
      c.oneOf("PreviousContactParticipantState", PREVIOUS_PARTICIPANT_STATES);
    },
  },
  ResumeContact: { errors: ["NoMatchingError"], check: () => {} },
};
