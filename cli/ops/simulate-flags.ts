import { CHANNEL_KINDS, type ChannelKind, isChannelKind } from "../../core/channel.ts";
import type { SimulatedThreshold } from "../../core/simulation/queue-scenario.ts";
import type { QueueTarget } from "../../core/simulation/recommend-threshold.ts";
import { UsageError } from "./usage-error.ts";

/** The flags of `simulate`, as node:util parseArgs declares them. */
export const SIMULATE_FLAG_OPTIONS = {
  "arrivals-per-hour": { type: "string" },
  csv: { type: "string" },
  "handle-seconds": { type: "string" },
  agents: { type: "string" },
  hours: { type: "string" },
  "interval-minutes": { type: "string" },
  patience: { type: "string" },
  threshold: { type: "string" },
  "off-ratio": { type: "string" },
  accept: { type: "string" },
  prefer: { type: "string" },
  "reply-share": { type: "string" },
  "reply-delay-seconds": { type: "string" },
  "chat-agents": { type: "string" },
  "chat-concurrency": { type: "string" },
  "chat-handle-seconds": { type: "string" },
  "metrics-age-seconds": { type: "string" },
  "max-share": { type: "string" },
  runs: { type: "string" },
  seed: { type: "string" },
  start: { type: "string" },
  "warmup-minutes": { type: "string" },
  target: { type: "string" },
  apply: { type: "string" },
  "window-hours": { type: "string" },
  report: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
} as const;

const MAX_THRESHOLDS = 200;

/** A number flag within bounds; `whole` demands an integer. */
export function numberFlag(options: {
  flag: string;
  value: string | undefined;
  fallback?: number;
  min: number;
  max: number;
  whole?: boolean;
}): number {
  const { flag, value, min, max } = options;
  if (value === undefined) {
    if (options.fallback === undefined) throw new UsageError(`--${flag} is required`);
    return options.fallback;
  }
  const parsed = /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  const kind = options.whole ? "a whole number" : "a number";
  if (Number.isNaN(parsed) || (options.whole && !Number.isInteger(parsed))) {
    throw new UsageError(`--${flag}: expected ${kind}, got "${value}"`);
  }
  if (parsed < min || parsed > max) {
    throw new UsageError(`--${flag}: expected ${kind} from ${min} to ${max}, got ${value}`);
  }
  return parsed;
}

/** `none` (nobody hangs up) or a mean in seconds. */
export function patienceFlag(value: string | undefined): number {
  if (value === undefined || value === "none") return Number.POSITIVE_INFINITY;
  return numberFlag({ flag: "patience", value, min: 1, max: 86_400 });
}

/**
 * `off`, `300`, a list `off,120,300`, or a range `120..600:60` (from, to inclusive, step);
 * items of a list may be ranges. Duplicates are dropped and the order kept.
 */
export function thresholdFlag(value: string | undefined): SimulatedThreshold[] {
  const text = value ?? "off";
  const out: SimulatedThreshold[] = [];
  for (const item of text.split(",").map((part) => part.trim())) {
    const range = /^(\d+)\.\.(\d+)(?::(\d+))?$/.exec(item);
    if (item === "off") out.push("off");
    else if (/^\d+$/.test(item)) out.push(checkSeconds(Number(item), text));
    else if (range) {
      const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 60)];
      if (from > to || step <= 0) {
        throw new UsageError(
          `--threshold: expected <from>..<to>:<step> with from <= to, got "${item}"`,
        );
      }
      if ((to - from) / step >= MAX_THRESHOLDS) {
        throw new UsageError(`--threshold: more than ${MAX_THRESHOLDS} thresholds in "${item}"`);
      }
      for (let t = from; t <= to; t += step) out.push(checkSeconds(t, text));
    } else {
      throw new UsageError(
        `--threshold: expected off, seconds, or <from>..<to>:<step>, got "${item}"`,
      );
    }
  }
  const unique = [...new Set(out)];
  if (unique.length > MAX_THRESHOLDS) {
    throw new UsageError(`--threshold: more than ${MAX_THRESHOLDS} thresholds`);
  }
  return unique;
}

function checkSeconds(seconds: number, text: string): number {
  if (seconds > 86_400)
    throw new UsageError(`--threshold: ${seconds} s is over a day in "${text}"`);
  return seconds;
}

/** `whatsapp=0.4,sms=0.25`: a share per channel, in the order given. */
export function channelSharesFlag(options: {
  flag: string;
  value: string | undefined;
  fallback: Partial<Record<ChannelKind, number>>;
}): Partial<Record<ChannelKind, number>> {
  if (options.value === undefined) return options.fallback;
  const shares: Partial<Record<ChannelKind, number>> = {};
  for (const item of options.value.split(",")) {
    const [kind = "", share] = item.split("=").map((part) => part.trim());
    if (!isChannelKind(kind)) {
      throw new UsageError(
        `--${options.flag}: unknown channel "${kind}"; expected one of ${CHANNEL_KINDS.join(", ")}`,
      );
    }
    shares[kind] = numberFlag({ flag: options.flag, value: share ?? "", min: 0, max: 1 });
  }
  const total = Object.values(shares).reduce((sum, share) => sum + share, 0);
  if (options.flag === "prefer" && total > 1) {
    throw new UsageError(`--prefer: the shares add up to ${Number(total.toFixed(6))}, more than 1`);
  }
  return shares;
}

/** One agent count for every interval, or a comma list with one count per interval. */
export function agentsFlag(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(",")
    .map((item) =>
      numberFlag({ flag: "agents", value: item.trim(), min: 0, max: 100_000, whole: true }),
    );
}

/** `asa<60` (ASA under 60 s) or `sl80@20` (80 % answered within 20 s). */
export function targetFlag(value: string | undefined): QueueTarget | undefined {
  if (value === undefined) return undefined;
  const asa = /^asa<(\d+(?:\.\d+)?)$/i.exec(value.trim());
  if (asa) return { metric: "asaSeconds", below: Number(asa[1]) };
  const sl = /^sl(\d+(?:\.\d+)?)@(\d+)$/i.exec(value.trim());
  if (sl && Number(sl[2]) !== 20) {
    throw new UsageError(`--target: the service level is simulated at 20 s only, got "${value}"`);
  }
  if (sl && Number(sl[1]) <= 100)
    return { metric: "serviceLevel20s", atLeast: Number(sl[1]) / 100 };
  throw new UsageError(`--target: expected asa<seconds> or sl<percent>@20, got "${value}"`);
}
