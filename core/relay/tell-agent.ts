import { InvalidInputError, NotFoundError } from "../errors.ts";
import { type NoticeSubject, notDeliveredNotice } from "./not-delivered-notice.ts";
import type { RelayDeps } from "./relay-deps.ts";
import type { RelayOutcome } from "./relay-outcome.ts";

/**
 * Tells the agent, in the chat, that something did not reach the customer and why. The
 * notice key makes a retried notice land once.
 */
export async function tellAgentNotDelivered(
  deps: Pick<RelayDeps, "notices">,
  options: { chatContactId: string; noticeKey: string; reason: string; subject: NoticeSubject },
): Promise<RelayOutcome> {
  try {
    await deps.notices.tellAgent({
      chatContactId: options.chatContactId,
      text: notDeliveredNotice(options.reason, options.subject),
      clientToken: `relay-notice#${options.noticeKey}`,
    });
  } catch (error) {
    // A chat that has ended (or refuses the notice) cannot be told; the outcome still counts.
    if (!(error instanceof InvalidInputError || error instanceof NotFoundError)) throw error;
  }
  return { action: "not-delivered", reason: options.reason };
}
