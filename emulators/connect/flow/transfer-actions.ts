import { failed, NEXT } from "./conditions.ts";
import { type ActionExecutor, stringParam } from "./flow-context.ts";
import type { PREVIOUS_PARTICIPANT_STATES } from "./transfer-rules.ts";

/**
 * Ends the flow with the caller handed to the quick connect's agent. An agent who is already
 * with someone, or no agent at all, disconnects the contact (Transfer to agent block page).
 */
const transferContactToAgent: ActionExecutor = async (_action, ctx) => {
  if (ctx.host.contactData().channel !== "VOICE") return failed("transfer to agent is voice only");
  const outcome = (await ctx.host.transferToAgent?.()) ?? { kind: "noAgent" };
  if (outcome.kind === "transferred") {
    return { kind: "end", end: { kind: "transferredToAgent", agentId: outcome.agentId } };
  }
  await ctx.host.disconnect();
  return { kind: "end", end: { kind: "disconnected", by: "action" } };
};

/** Voice only, and only where there is a previous contact (a transfer) whose party to hold. */
const updatePreviousContactParticipantState: ActionExecutor = async (action, ctx) => {
  const contact = ctx.host.contactData();
  if (contact.channel !== "VOICE") return failed("holding a participant is voice only");
  if (!contact.previousContactId) return failed("the contact has no previous contact");
  const state = stringParam(
    action,
    "PreviousContactParticipantState",
  ) as (typeof PREVIOUS_PARTICIPANT_STATES)[number];
  const applied = await ctx.host.applySetting({ kind: "previousParticipantState", state });
  return applied ? NEXT : failed(`the previous contact refused ${state}`);
};

const resumeContact: ActionExecutor = async (_action, ctx) =>
  (await ctx.host.applySetting({ kind: "resume" })) ? NEXT : failed("the contact is not paused");

export const transferExecutors: Readonly<Record<string, ActionExecutor>> = {
  TransferContactToAgent: transferContactToAgent,
  UpdatePreviousContactParticipantState: updatePreviousContactParticipantState,
  ResumeContact: resumeContact,
};
