import { CHANNEL_KINDS } from "../../core/channel.ts";
import type { Weekday } from "../../core/policy/local-time.ts";
import type { OfferWindow, QueuePolicy, Thresholds } from "../../core/policy/queue-policy.ts";

/** The week as operators read it, Monday first; day ranges in flags and summaries use it. */
export const WEEK: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** One row of `thresholds list`. */
export function policyRow(policy: QueuePolicy): string[] {
  return [
    policy.queueId,
    policy.mode,
    String(policy.thresholds.onWaitSeconds),
    String(policy.thresholds.offWaitSeconds),
    windowsSummary(policy.windows),
    String(policy.maxOfferShare),
    channelsSummary(policy),
    policy.timeZone,
  ];
}

export const POLICY_HEADERS = [
  "QUEUE",
  "MODE",
  "ON S",
  "OFF S",
  "WINDOWS",
  "MAX SHARE",
  "CHANNELS",
  "TIME ZONE",
];

/** `mon-fri 08:00-20:00, sat 09:00-17:00`; `any time` when there are no windows. */
export function windowsSummary(windows: readonly OfferWindow[]): string {
  if (windows.length === 0) return "any time";
  return windows
    .map((w) => `${daysSummary(w.days)} ${w.start}-${w.end}${thresholdsNote(w.thresholds)}`)
    .join(", ");
}

/** Runs of three or more days collapse to a range: `mon-fri`, `mon,wed,sat-sun` stays listed. */
export function daysSummary(days: readonly Weekday[]): string {
  const present = WEEK.map((day) => days.includes(day));
  if (present.every(Boolean)) return "daily";
  const parts: string[] = [];
  for (let i = 0; i < WEEK.length; i++) {
    if (!present[i]) continue;
    let end = i;
    while (end + 1 < WEEK.length && present[end + 1]) end++;
    parts.push(end - i >= 2 ? `${WEEK[i]}-${WEEK[end]}` : WEEK.slice(i, end + 1).join(","));
    i = end;
  }
  return parts.join(",");
}

/** Enabled channels in the order they are tried; own thresholds shown after the name. */
export function channelsSummary(policy: QueuePolicy): string {
  const order = [...new Set([...policy.channelOrder, ...CHANNEL_KINDS])];
  const enabled = order.flatMap((kind) => {
    const channel = policy.channels[kind];
    return channel?.enabled ? [`${kind}${thresholdsNote(channel.thresholds)}`] : [];
  });
  return enabled.length > 0 ? enabled.join(",") : "none";
}

function thresholdsNote(thresholds: Thresholds | undefined): string {
  return thresholds ? `[${thresholds.onWaitSeconds}/${thresholds.offWaitSeconds}s]` : "";
}
