import { ChannelRejectedError, DependencyFailedError } from "../errors.ts";
import { withClaim } from "../reliability/with-claim.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import { chatOpening, startChatToken } from "./open-chat.ts";
import type { ResumeDeps } from "./resume-deps.ts";

const NOTICE_TTL_SECONDS = 8 * 24 * 3600;
/** A notice whose worker died is tried again by the first retry after this. */
const NOTICE_LEASE_SECONDS = 30;

/**
 * Tells a customer whose chat cannot open yet (Connect is at its active-chat limit) that
 * they are in line: once per chat opening, however often the opening is retried. Their
 * messages stay in the inbox, in order, and the chat opens with them when a slot frees. A
 * notice that cannot be sent gives up its claim, so the next attempt tries again; it never
 * holds the chat up.
 */
export async function tellInLine(deps: ResumeDeps, session: DeflectionSession): Promise<void> {
  const notices = deps.customerNotices;
  const text = deps.settings.waitingLineText;
  if (!notices || !text) return;
  const key = `waiting-line#${startChatToken(chatOpening(session))}`;
  try {
    await withClaim(
      deps.claims,
      { key, ttlSeconds: NOTICE_TTL_SECONDS, leaseSeconds: NOTICE_LEASE_SECONDS },
      async () => {
        await notices.tell({ to: session.address, text, reference: key });
        return { outcome: "told" };
      },
    );
  } catch (error) {
    // The claim is released; the next attempt at the chat tells them again.
    if (!(error instanceof ChannelRejectedError || error instanceof DependencyFailedError)) {
      throw error;
    }
  }
}
