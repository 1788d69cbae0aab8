import type { ManualClock } from "../emulators/shared-http/clock.ts";
import { DEMO } from "./demo-instance.ts";
import type { LocalWorld } from "./local-world.ts";

interface PlannedReply {
  readonly at: number;
  /** The customer's address as Twilio writes it ("whatsapp:+44..." or "+44..."). */
  readonly customer: string;
  readonly business: string;
}

const REPLY_TEXT = "Hi, I'm here now. It's about the bill I called about.";

/**
 * The customers' side of the busy hour: each customer whose first message arrives decides
 * (seeded) whether to reply, and when; `sendDue` sends the replies whose time has come through
 * the Twilio emulator's signed webhook, then hands the recorded inbox items to resume.
 */
export class CustomerReplies {
  readonly #world: LocalWorld;
  readonly #random: () => number;
  readonly #seen = new Set<string>();
  readonly #planned: PlannedReply[] = [];
  sent = 0;
  failed = 0;

  constructor(world: LocalWorld, random: () => number) {
    this.#world = world;
    this.#random = random;
  }

  /** Plans replies for first messages that reached customers since the last look. */
  plan(now: number): void {
    const { share, minDelaySeconds, maxDelaySeconds } = DEMO.customerReplies;
    for (const message of this.#world.twilio.sent()) {
      if (message.direction === "inbound" || this.#seen.has(message.to)) continue;
      this.#seen.add(message.to);
      if (this.#random() >= share || message.from === null) continue;
      const delay = minDelaySeconds + this.#random() * (maxDelaySeconds - minDelaySeconds);
      this.#planned.push({ at: now + delay * 1000, customer: message.to, business: message.from });
    }
  }

  /** Sends every planned reply due by `now`, oldest first; each opens (or joins) a chat. */
  async sendDue(now: number): Promise<void> {
    const due = this.#planned.filter((r) => r.at <= now).sort((a, b) => a.at - b.at);
    if (due.length === 0) return;
    this.#planned.splice(0, this.#planned.length, ...this.#planned.filter((r) => r.at > now));
    const { twilio, messaging } = this.#world;
    for (const reply of due) {
      const channel = reply.customer.startsWith("whatsapp:") ? "whatsapp" : "sms";
      twilio.setWebhookUrl(`${messaging.bridge.url}/webhooks/${channel}`);
      const result = await twilio.customerSends({
        from: reply.customer,
        to: reply.business,
        text: REPLY_TEXT,
      });
      if (result.delivery.status === 200) this.sent++;
      else this.failed++;
    }
    await messaging.inbox.drain();
  }
}

/**
 * Moves the manual clock to `target` in small steps, so replies go out on time and every
 * part catches up in between: chat items streamed to the relay and the relay's sends, and
 * Twilio's receipts to the webhook function.
 */
export async function advanceTo(
  world: LocalWorld,
  clock: ManualClock,
  replies: CustomerReplies,
  target: number,
): Promise<void> {
  const STEP_MS = 5_000;
  while (clock.now() < target) {
    await clock.advanceAsync(Math.min(STEP_MS, target - clock.now()));
    replies.plan(clock.now());
    await replies.sendDue(clock.now());
    await world.messaging.drainWaitingLine();
    await world.connect.control.flushStreaming();
    await world.twilio.idle();
  }
}
