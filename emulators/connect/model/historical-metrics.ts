import type { Contact } from "./contact.ts";

/** A contact's contribution to an interval, in seconds; undefined means "no sample". */
type Sampler = (
  contact: Contact,
  within: (ms: number | undefined) => boolean,
) => number | undefined;

export interface HistoricalMetricSpec {
  readonly name: string;
  /** SERVICE_LEVEL's threshold in seconds. */
  readonly thresholdSeconds?: number;
}

const secondsBetween = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined ? undefined : (to - from) / 1000;

const answered: Sampler = (c, within) =>
  within(c.connectedToAgentTimestamp)
    ? secondsBetween(c.enqueueTimestamp, c.connectedToAgentTimestamp)
    : undefined;

const abandonedWait: Sampler = (c, within) =>
  c.abandoned && c.enqueueTimestamp !== undefined && within(c.disconnectTimestamp)
    ? secondsBetween(c.enqueueTimestamp, c.disconnectTimestamp)
    : undefined;

const queueExit: Sampler = (c, within) => answered(c, within) ?? abandonedWait(c, within);

const count = (sampler: Sampler) => (contacts: Contact[], within: (ms?: number) => boolean) =>
  contacts.filter((c) => sampler(c, within) !== undefined).length;

const average = (sampler: Sampler) => (contacts: Contact[], within: (ms?: number) => boolean) => {
  const values = contacts.flatMap((c) => sampler(c, within) ?? []);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
};

/**
 * Each event counts in the interval it happened in: queued at enqueue, handled and answer
 * time at agent connect, abandoned at disconnect, handle time when after-contact work ends.
 */
const metrics: Record<
  string,
  (
    contacts: Contact[],
    within: (ms?: number) => boolean,
    spec: HistoricalMetricSpec,
  ) => number | undefined
> = {
  CONTACTS_QUEUED: count((c, within) => (within(c.enqueueTimestamp) ? 1 : undefined)),
  CONTACTS_HANDLED: count(answered),
  CONTACTS_ABANDONED: count(abandonedWait),
  AVG_QUEUE_ANSWER_TIME: average(answered),
  AVG_ABANDON_TIME: average(abandonedWait),
  AVG_HANDLE_TIME: average((c, within) =>
    within(c.afterContactWorkEndTimestamp)
      ? secondsBetween(c.connectedToAgentTimestamp, c.afterContactWorkEndTimestamp)
      : undefined,
  ),
  MAX_QUEUED_TIME: (contacts, within) => {
    const values = contacts.flatMap((c) => queueExit(c, within) ?? []);
    return values.length ? Math.max(...values) : undefined;
  },
  SERVICE_LEVEL: (contacts, within, spec) => {
    const exits = contacts.filter((c) => queueExit(c, within) !== undefined);
    if (exits.length === 0) return undefined;
    const threshold = spec.thresholdSeconds ?? 60;
    const inTime = exits.filter(
      (c) => (answered(c, within) ?? Number.POSITIVE_INFINITY) < threshold,
    );
    return (inTime.length / exits.length) * 100;
  },
};

export const historicalMetricNames = Object.keys(metrics);

/** One historical metric over the contacts of a group, for events inside [startMs, endMs). */
export function historicalMetricValue(
  spec: HistoricalMetricSpec,
  contacts: Contact[],
  range: { startMs: number; endMs: number },
): number | undefined {
  const within = (ms?: number) => ms !== undefined && ms >= range.startMs && ms < range.endMs;
  return metrics[spec.name]?.(contacts, within, spec);
}
