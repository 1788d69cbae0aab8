import { CHANNEL_KINDS, type ChannelKind, isChannelKind } from "../../core/channel.ts";
import type { Weekday } from "../../core/policy/local-time.ts";
import type { OfferWindow, QueuePolicy, QueuePolicyInput } from "../../core/policy/queue-policy.ts";
import { WEEK } from "./policy-summary.ts";
import { UsageError } from "./usage-error.ts";

/** The flags of `thresholds set` that change a policy, as node:util parseArgs returns them. */
export interface PolicyFlags {
  readonly on?: string | undefined;
  readonly off?: string | undefined;
  readonly channel?: string | undefined;
  readonly mode?: string | undefined;
  readonly "max-share"?: string | undefined;
  readonly enable?: readonly string[] | undefined;
  readonly disable?: readonly string[] | undefined;
  readonly order?: string | undefined;
  readonly tz?: string | undefined;
  readonly window?: readonly string[] | undefined;
  readonly "any-time"?: boolean | undefined;
  readonly name?: string | undefined;
}

export const POLICY_FLAG_OPTIONS = {
  on: { type: "string" },
  off: { type: "string" },
  channel: { type: "string" },
  mode: { type: "string" },
  "max-share": { type: "string" },
  enable: { type: "string", multiple: true },
  disable: { type: "string", multiple: true },
  order: { type: "string" },
  tz: { type: "string" },
  window: { type: "string", multiple: true },
  "any-time": { type: "boolean" },
  name: { type: "string" },
} as const;

export function hasPolicyFlags(flags: PolicyFlags): boolean {
  return Object.keys(POLICY_FLAG_OPTIONS).some(
    (name) => flags[name as keyof PolicyFlags] !== undefined,
  );
}

/**
 * Applies the flags to a copy of a valid policy. Shapes are checked here (so the message can
 * name the flag); values are left to parseQueuePolicy, which names the policy key.
 */
export function applyPolicyFlags(policy: QueuePolicy, flags: PolicyFlags): QueuePolicyInput {
  const draft: QueuePolicyInput = structuredClone(policy);
  const channels = { ...draft.channels };
  const enable = (flags.enable ?? []).map((v) => channelFlag("--enable", v));
  const disable = (flags.disable ?? []).map((v) => channelFlag("--disable", v));
  const both = enable.find((kind) => disable.includes(kind));
  if (both) throw new UsageError(`--enable and --disable both name ${both}`);
  for (const kind of enable) channels[kind] = { ...channels[kind], enabled: true };
  for (const kind of disable) {
    const channel = channels[kind];
    if (channel) channels[kind] = { ...channel, enabled: false };
  }
  draft.channels = channels;
  applyThresholds(draft, flags);
  if (flags.mode !== undefined) draft.mode = flags.mode as QueuePolicy["mode"];
  if (flags.name !== undefined) draft.queueName = flags.name;
  if (flags["max-share"] !== undefined) draft.maxOfferShare = parseShare(flags["max-share"]);
  if (flags.tz !== undefined) draft.timeZone = flags.tz;
  if (flags.order !== undefined) {
    draft.channelOrder = flags.order.split(",").map((v) => channelFlag("--order", v.trim()));
  }
  if (flags.window !== undefined && flags["any-time"]) {
    throw new UsageError("--window and --any-time contradict each other; pass one");
  }
  if (flags["any-time"]) draft.windows = [];
  if (flags.window !== undefined) draft.windows = flags.window.map(parseWindowFlag);
  return draft;
}

function applyThresholds(draft: QueuePolicyInput, flags: PolicyFlags): void {
  if (flags.on === undefined && flags.off === undefined) {
    if (flags.channel !== undefined) {
      throw new UsageError("--channel says whose --on/--off to set; pass --on or --off with it");
    }
    return;
  }
  const queueThresholds = draft.thresholds ?? { onWaitSeconds: 300, offWaitSeconds: 240 };
  const next = (current: { onWaitSeconds: number; offWaitSeconds: number }) => ({
    onWaitSeconds: flags.on === undefined ? current.onWaitSeconds : parseSeconds("--on", flags.on),
    offWaitSeconds:
      flags.off === undefined ? current.offWaitSeconds : parseSeconds("--off", flags.off),
  });
  if (flags.channel === undefined) {
    draft.thresholds = next(queueThresholds);
    return;
  }
  const kind = channelFlag("--channel", flags.channel);
  const channel = draft.channels[kind];
  if (!channel) {
    throw new UsageError(
      `--channel ${kind}: the queue has no ${kind} channel; add --enable ${kind}`,
    );
  }
  // A channel without its own thresholds starts from the queue's.
  draft.channels[kind] = { ...channel, thresholds: next(channel.thresholds ?? queueThresholds) };
}

/** `mon-fri 08:00-20:00`, `sat,sun 10:00-16:00`, `fri-mon 22:00-06:00`, `daily 09:00-17:00`. */
export function parseWindowFlag(value: string): OfferWindow {
  const match = /^\s*(\S+)\s+(\S+)-(\S+)\s*$/.exec(value);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new UsageError(
      `--window "${value}": expected "<days> HH:MM-HH:MM", e.g. "mon-fri 08:00-20:00"`,
    );
  }
  const days = new Set<Weekday>();
  for (const part of match[1].toLowerCase().split(",")) {
    if (part === "daily") {
      for (const day of WEEK) days.add(day);
      continue;
    }
    const [from = "", to = from, ...rest] = part.split("-");
    if (rest.length > 0) throw new UsageError(`--window "${value}": "${part}" is not a day range`);
    let i = weekIndex(from, value);
    const last = weekIndex(to, value);
    days.add(WEEK[i] as Weekday);
    // A range may run over the weekend: fri-mon is fri, sat, sun, mon.
    while (i !== last) {
      i = (i + 1) % WEEK.length;
      days.add(WEEK[i] as Weekday);
    }
  }
  return { days: WEEK.filter((day) => days.has(day)), start: match[2], end: match[3] };
}

function weekIndex(day: string, flag: string): number {
  const index = WEEK.indexOf(day as Weekday);
  if (index < 0) {
    throw new UsageError(`--window "${flag}": unknown day "${day}" (mon..sun, or daily)`);
  }
  return index;
}

function channelFlag(flag: string, value: string): ChannelKind {
  if (isChannelKind(value)) return value;
  throw new UsageError(`${flag}: unknown channel "${value}" (one of ${CHANNEL_KINDS.join(", ")})`);
}

function parseSeconds(flag: string, value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  throw new UsageError(`${flag}: expected whole seconds, got "${value}"`);
}

function parseShare(value: string): number {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (percent?.[1]) return Number(percent[1]) / 100;
  if (/^\d*\.?\d+$/.test(value)) return Number(value);
  throw new UsageError(`--max-share: expected a share such as 0.5 or 50%, got "${value}"`);
}
