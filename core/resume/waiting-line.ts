import { ChannelRejectedError, DependencyFailedError } from "../errors.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { chatOpening, startChatToken } from "./open-chat.ts";
import type { ResumeDeps } from "./resume-deps.ts";

const NOTICE_TTL_SECONDS = 8 * 24 * 3600;
/** A notice that failed is tried again by the first retry after this. */
const NOTICE_LEASE_SECONDS = 30;

/**
 * Tells a customer whose chat cannot open yet (Connect is at its active-chat limit) that
 * they are in line: once per chat opening, however often the opening is retried. Their
 * messages stay in the inbox, in order, and the chat opens with them when a slot frees. A
 * notice that cannot be sent keeps its claim until the lease runs out, and a retry after that
 * tries again; it never holds the chat up.
 */
export async function tellInLine(deps: ResumeDeps, session: DeflectionSession): Promise<void> {
  const notices = deps.customerNotices;
  const text = deps.settings.waitingLineText;
  if (!notices || !text) return;
  const key = `waiting-line#${startChatToken(chatOpening(session))}`;
  const claim = await deps.sessions.claimIdempotencyKey({
    key,
    ttlSeconds: NOTICE_TTL_SECONDS,
    leaseSeconds: NOTICE_LEASE_SECONDS,
  });
  if (claim.state !== "claimed") return;
  try {
    await notices.tell({ to: session.address, text, reference: key });
  } catch (error) {
    if (!(error instanceof ChannelRejectedError || error instanceof DependencyFailedError)) {
      throw error;
    }
    return;
  }
  await deps.sessions.completeIdempotencyKey({ key, result: { outcome: "told" } });
}
