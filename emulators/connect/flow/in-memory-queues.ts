import type { QueueInfo, QueueMetrics, QueueRef } from "./flow-host.ts";

export interface InMemoryQueue {
  readonly queueId: string;
  readonly name: string;
  readonly outboundCallerIdAddress?: string;
  /** Contacts the queue accepts before transfers fail with QueueAtCapacity. */
  readonly capacity?: number;
  contactsInQueue?: number;
  oldestContactAgeSeconds?: number;
  agents?: Partial<QueueMetrics["agents"]>;
  /** The hours CheckHoursOfOperation reads without an id; absent means none (an agent queue). */
  readonly hoursOfOperationId?: string;
}

const NO_AGENTS: QueueMetrics["agents"] = {
  online: 0,
  available: 0,
  staffed: 0,
  afterContactWork: 0,
  busy: 0,
  missed: 0,
  nonProductive: 0,
};

/** A test instance's queues: found by id or ARN, described as a flow sees them. */
export class InMemoryQueues {
  private readonly queues: Map<string, InMemoryQueue>;

  constructor(
    private readonly instanceArn: string,
    queues: readonly InMemoryQueue[],
  ) {
    this.queues = new Map(queues.map((queue) => [queue.queueId, queue]));
  }

  arn(queueId: string): string {
    return `${this.instanceArn}/queue/${queueId}`;
  }

  byId(queueId: string): InMemoryQueue | undefined {
    return this.queues.get(queueId);
  }

  /** Accepts a queue id or a queue ARN of this instance; agent queues are not modelled here. */
  resolve(ref: QueueRef): InMemoryQueue | undefined {
    if (!("queueId" in ref)) return undefined;
    const isArn = ref.queueId.startsWith("arn:");
    if (isArn && !ref.queueId.startsWith(`${this.instanceArn}/queue/`)) return undefined;
    const id = isArn ? ref.queueId.split("/queue/")[1] : ref.queueId;
    return id === undefined ? undefined : this.queues.get(id);
  }

  info(queue: InMemoryQueue): QueueInfo {
    return {
      queueId: queue.queueId,
      arn: this.arn(queue.queueId),
      name: queue.name,
      ...(queue.outboundCallerIdAddress
        ? { outboundCallerIdAddress: queue.outboundCallerIdAddress }
        : {}),
    };
  }

  /** Per-queue figures; the channel filter is not modelled (one set of figures per queue). */
  metrics(queue: InMemoryQueue): QueueMetrics {
    return {
      queue: this.info(queue),
      contactsInQueue: queue.contactsInQueue ?? 0,
      oldestContactAgeSeconds: queue.oldestContactAgeSeconds ?? 0,
      agents: { ...NO_AGENTS, ...queue.agents },
    };
  }
}
