import * as z from "zod";
import { ApiError, type ServiceName } from "../http/api-error.ts";

/**
 * One request-rate quota: `rate` requests per second flow in, at most `burst` may go at once.
 * Operations listed together share one bucket (SendMessage and SendEvent count together).
 */
export const rateQuotaSchema = z.object({
  rate: z.number().positive().max(100_000),
  burst: z.number().int().min(1).max(1_000_000),
});

export type RateQuota = z.infer<typeof rateQuotaSchema>;

/**
 * A quota table: per operation (or `Op1+Op2` for a shared bucket), plus `*`: the quota each
 * Connect operation not named has on its own. Participant operations without an entry are
 * not limited.
 */
export const apiQuotasSchema = z.record(z.string().min(1), rateQuotaSchema);

export type ApiQuotas = z.infer<typeof apiQuotasSchema>;

/**
 * Amazon Connect's default quotas for a new account (protocols.md §3.6 and §9, the 2023
 * service-limits page). Connect's are per account and Region, the Participant Service's per
 * instance; the emulator serves one account and applies each table once.
 */
export const CONNECT_DEFAULT_QUOTAS: ApiQuotas = {
  GetCurrentMetricData: { rate: 5, burst: 8 },
  GetMetricData: { rate: 5, burst: 8 },
  StartChatContact: { rate: 5, burst: 8 },
  StartContactStreaming: { rate: 5, burst: 8 },
  StopContactStreaming: { rate: 5, burst: 8 },
  // Each other Connect API, on its own.
  "*": { rate: 2, burst: 5 },
  CreateParticipantConnection: { rate: 6, burst: 9 },
  DisconnectParticipant: { rate: 3, burst: 5 },
  GetTranscript: { rate: 8, burst: 12 },
  "SendMessage+SendEvent": { rate: 10, burst: 15 },
  StartAttachmentUpload: { rate: 2, burst: 5 },
  CompleteAttachmentUpload: { rate: 2, burst: 5 },
  GetAttachment: { rate: 8, burst: 12 },
};

/** Calls the quotas turned away, per bucket, and the calls they let through. */
export interface QuotaCounts {
  readonly admitted: ReadonlyMap<string, number>;
  readonly throttled: ReadonlyMap<string, number>;
}

interface Bucket {
  readonly name: string;
  readonly quota: RateQuota;
  tokens: number;
  updatedAtMs: number;
}

/**
 * Token buckets in front of the API, as Connect enforces its quotas: a call over the rate is
 * answered 429 ThrottlingException before it does anything. Wall time always (a ManualClock
 * drives the contact model, not the clients' pace). The emulator's own control plane and the
 * Lambda API are never limited.
 */
export class ApiQuotaGate {
  private buckets = new Map<string, Bucket>();
  private byOperation = new Map<string, Bucket>();
  private fallback: RateQuota | undefined;
  private readonly admitted = new Map<string, number>();
  private readonly throttled = new Map<string, number>();

  constructor(
    quotas: ApiQuotas | undefined,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.configure(quotas);
  }

  /** Replaces the table (undefined: no limits); buckets start full. */
  configure(quotas: ApiQuotas | undefined): void {
    this.buckets = new Map();
    this.byOperation = new Map();
    this.fallback = undefined;
    for (const [key, quota] of Object.entries(apiQuotasSchema.parse(quotas ?? {}))) {
      const bucket: Bucket = { name: key, quota, tokens: quota.burst, updatedAtMs: this.nowMs() };
      this.buckets.set(key, bucket);
      if (key === "*") this.fallback = quota;
      else for (const operation of key.split("+")) this.byOperation.set(operation, bucket);
    }
  }

  /** The table in force. */
  quotas(): ApiQuotas {
    return Object.fromEntries([...this.buckets].map(([key, bucket]) => [key, bucket.quota]));
  }

  /** Takes a token for the call, or answers the ThrottlingException it must fail with. */
  admit(operation: string, service: ServiceName): ApiError | undefined {
    if (operation.startsWith("emulator:") || service === "lambda") return undefined;
    const bucket = this.byOperation.get(operation) ?? this.ownBucket(operation, service);
    if (!bucket) return undefined;
    const now = this.nowMs();
    const elapsedMs = Math.max(0, now - bucket.updatedAtMs);
    bucket.tokens = Math.min(
      bucket.quota.burst,
      bucket.tokens + (elapsedMs * bucket.quota.rate) / 1000,
    );
    bucket.updatedAtMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      increment(this.admitted, operation);
      return undefined;
    }
    increment(this.throttled, operation);
    return new ApiError("ThrottlingException", "Rate exceeded", { quota: bucket.name });
  }

  /** A Connect operation without an entry gets its own bucket of the `*` quota. */
  private ownBucket(operation: string, service: ServiceName): Bucket | undefined {
    if (service !== "connect" || !this.fallback) return undefined;
    const bucket: Bucket = {
      name: operation,
      quota: this.fallback,
      tokens: this.fallback.burst,
      updatedAtMs: this.nowMs(),
    };
    this.byOperation.set(operation, bucket);
    return bucket;
  }

  counts(): QuotaCounts {
    return { admitted: new Map(this.admitted), throttled: new Map(this.throttled) };
  }

  resetCounts(): void {
    this.admitted.clear();
    this.throttled.clear();
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
