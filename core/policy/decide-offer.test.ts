import { describe, expect, it } from "vitest";
import type { ChannelKind } from "../channel.ts";
import type { E164 } from "../phone-number.ts";
import type { CustomerProfile } from "../ports/customer-directory.ts";
import { decideOffer, type OfferInput } from "./decide-offer.ts";
import { sampleFraction } from "./hysteresis.ts";
import { parseQueuePolicy, type QueuePolicyInput } from "./queue-policy.ts";

const phoneNumber = "+447911123456" as E164;

function input(
  overrides: Omit<Partial<OfferInput>, "policy"> & { policy?: Partial<QueuePolicyInput> } = {},
) {
  const { policy, ...rest } = overrides;
  return {
    now: new Date("2026-06-10T12:00:00Z"),
    contactId: "contact-1",
    waitSeconds: 600,
    activeChannels: new Set<ChannelKind>(),
    phoneNumber,
    ...rest,
    policy: parseQueuePolicy({
      queueId: "q1",
      timeZone: "Europe/London",
      thresholds: { onWaitSeconds: 300, offWaitSeconds: 180 },
      channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
      ...policy,
    }),
  } satisfies OfferInput;
}

function profile(patch: Partial<CustomerProfile>): CustomerProfile {
  return { customerKey: phoneNumber, handles: {}, consent: {}, version: 1, ...patch };
}

describe("decideOffer: thresholds and hysteresis", () => {
  it("offers the first channel in the policy order once the wait reaches the on threshold", () => {
    const decision = decideOffer(input({ waitSeconds: 300 }));
    expect(decision).toMatchObject({ offer: true, reason: "OFFER" });
    expect(decision.address).toEqual({ channel: "whatsapp", handle: phoneNumber });
    expect([...decision.activeChannels].sort()).toEqual(["sms", "whatsapp"]);
  });

  it("does not offer one second under the on threshold", () => {
    const decision = decideOffer(input({ waitSeconds: 299 }));
    expect(decision).toMatchObject({ offer: false, reason: "WAIT_BELOW_THRESHOLD" });
    expect(decision.activeChannels.size).toBe(0);
  });

  it("keeps offering between the off and on thresholds once switched on", () => {
    const on = decideOffer(input({ waitSeconds: 200, activeChannels: new Set(["whatsapp"]) }));
    expect(on.offer).toBe(true);
    const off = decideOffer(input({ waitSeconds: 200 }));
    expect(off.offer).toBe(false);
  });

  it("switches off only when the wait falls below the off threshold", () => {
    const stays = decideOffer(input({ waitSeconds: 180, activeChannels: new Set(["whatsapp"]) }));
    expect(stays.offer).toBe(true);
    const drops = decideOffer(input({ waitSeconds: 179, activeChannels: new Set(["whatsapp"]) }));
    expect(drops).toMatchObject({ offer: false, reason: "WAIT_BELOW_THRESHOLD" });
    expect(drops.activeChannels.has("whatsapp")).toBe(false);
  });

  it("does not flap for a queue hovering around one line", () => {
    let active: ReadonlySet<ChannelKind> = new Set();
    const answers = [310, 290, 305, 295, 250, 200, 170, 250, 299, 300].map((waitSeconds) => {
      const decision = decideOffer(input({ waitSeconds, activeChannels: active }));
      active = decision.activeChannels;
      return decision.offer;
    });
    expect(answers).toEqual([true, true, true, true, true, true, false, false, false, true]);
  });

  it("lets a channel carry its own thresholds", () => {
    const decision = decideOffer(
      input({
        waitSeconds: 400,
        policy: {
          channels: {
            whatsapp: { enabled: true, thresholds: { onWaitSeconds: 500, offWaitSeconds: 400 } },
            sms: { enabled: true },
          },
        },
      }),
    );
    expect(decision.address?.channel).toBe("sms");
  });
});

describe("decideOffer: channels and the customer", () => {
  it("prefers the customer's own channel when it is enabled and reachable", () => {
    const customer = profile({ preferredChannel: "sms" });
    expect(decideOffer(input({ customer })).address?.channel).toBe("sms");
  });

  it("reaches a handle-keyed channel only with a known handle", () => {
    const policy = { channels: { messenger: { enabled: true } } };
    expect(decideOffer(input({ policy })).reason).toBe("NO_REACHABLE_CHANNEL");
    const customer = profile({ preferredChannel: "messenger", handles: { messenger: "psid-42" } });
    const decision = decideOffer(input({ policy, customer }));
    expect(decision.address).toEqual({ channel: "messenger", handle: "psid-42" });
  });

  it("skips a channel the customer opted out of, and says so when none is left", () => {
    const smsOnly = decideOffer(
      input({ customer: profile({ consent: { whatsapp: "opted-out" } }) }),
    );
    expect(smsOnly.address?.channel).toBe("sms");
    const none = decideOffer(
      input({ customer: profile({ consent: { whatsapp: "opted-out", sms: "opted-out" } }) }),
    );
    expect(none).toMatchObject({ offer: false, reason: "CUSTOMER_OPTED_OUT" });
  });

  it("skips unhealthy channels", () => {
    const decision = decideOffer(input({ unhealthyChannels: new Set(["whatsapp", "sms"]) }));
    expect(decision).toMatchObject({ offer: false, reason: "CHANNEL_UNHEALTHY" });
  });

  it("offers nothing when no channel is enabled", () => {
    const policy = { channels: { whatsapp: { enabled: false } } };
    expect(decideOffer(input({ policy })).reason).toBe("NO_CHANNEL_ENABLED");
  });

  it("cannot reach an anonymous caller on a phone channel", () => {
    const { phoneNumber: _omit, ...rest } = input();
    expect(decideOffer(rest).reason).toBe("NO_REACHABLE_CHANNEL");
  });
});

describe("decideOffer: modes and share", () => {
  it("decides but never offers in shadow mode", () => {
    const decision = decideOffer(input({ policy: { mode: "shadow" } }));
    expect(decision).toMatchObject({ offer: false, wouldOffer: true, reason: "SHADOW_MODE" });
    expect(decision.address?.channel).toBe("whatsapp");
  });

  it("does nothing when the policy is off", () => {
    expect(decideOffer(input({ policy: { mode: "off" } })).reason).toBe("POLICY_OFF");
  });

  it("offers no more than the configured share of calls, the same answer on a retry", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `contact-${i}`);
    const offered = ids.filter(
      (contactId) => decideOffer(input({ contactId, policy: { maxOfferShare: 0.25 } })).offer,
    );
    expect(offered.length / ids.length).toBeGreaterThan(0.2);
    expect(offered.length / ids.length).toBeLessThan(0.3);
    for (const contactId of offered.slice(0, 20)) {
      expect(sampleFraction(contactId)).toBeLessThan(0.25);
    }
    const refused = decideOffer(input({ contactId: "x", policy: { maxOfferShare: 0 } }));
    expect(refused.reason).toBe("SHARE_LIMIT");
  });
});
