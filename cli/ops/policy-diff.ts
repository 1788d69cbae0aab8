import type { OfferWindow, QueuePolicy } from "../../core/policy/queue-policy.ts";
import { windowsSummary } from "./policy-summary.ts";

/** One changed key of a policy, by its dotted path (`channels.sms.enabled`). */
export interface PolicyChange {
  readonly key: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * The keys whose values differ, objects walked key by key and arrays compared whole, so a
 * change to the windows reads as one line. A missing `before` means the policy is new.
 */
export function diffPolicies(before: QueuePolicy | undefined, after: QueuePolicy): PolicyChange[] {
  const old = flatten(before ?? {});
  const now = flatten(after);
  const keys = [...new Set([...now.keys(), ...old.keys()])];
  return keys.flatMap((key) => {
    const a = old.get(key);
    const b = now.get(key);
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    return [
      { key, ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) },
    ];
  });
}

/** `  thresholds.onWaitSeconds: 300 → 120`, one line per change. */
export function formatChanges(changes: readonly PolicyChange[]): string[] {
  const width = Math.max(0, ...changes.map((c) => c.key.length));
  // Windows read better as the list prints them than as JSON.
  const show = (key: string, value: unknown) => {
    if (value === undefined) return "(unset)";
    if (key === "windows") return windowsSummary(value as OfferWindow[]);
    return JSON.stringify(value);
  };
  return changes.map(
    (c) => `  ${`${c.key}:`.padEnd(width + 1)} ${show(c.key, c.before)} → ${show(c.key, c.after)}`,
  );
}

function flatten(value: object, prefix = "", into = new Map<string, unknown>()) {
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
      flatten(inner, path, into);
    } else {
      into.set(path, inner);
    }
  }
  return into;
}
