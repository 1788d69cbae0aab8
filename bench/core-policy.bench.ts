import type { ChannelKind } from "../core/channel.ts";
import type { E164 } from "../core/phone-number.ts";
import { decideOffer } from "../core/policy/decide-offer.ts";
import { parseQueuePolicy } from "../core/policy/queue-policy.ts";
import { measure, report } from "./measure.ts";

/** The pure offer decision, without any I/O: the floor under the deflect check's latency. */
export async function run(): Promise<void> {
  const policy = parseQueuePolicy({
    queueId: "bench",
    timeZone: "Europe/London",
    windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "20:00" }],
    channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
  });
  let active: ReadonlySet<ChannelKind> = new Set();
  const now = new Date("2026-06-10T12:00:00Z");
  const summary = await measure({
    count: 100_000,
    concurrency: 1,
    task: (i) => {
      const decision = decideOffer({
        policy,
        now,
        contactId: `contact-${i}`,
        waitSeconds: 200 + (i % 300),
        activeChannels: active,
        phoneNumber: "+447911123456" as E164,
      });
      active = decision.activeChannels;
    },
  });
  report("core: decideOffer (pure)", summary);
}
