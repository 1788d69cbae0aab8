import { type ContactFlowType, contactFlowTypeOf } from "../flow/flow-types.ts";
import type { Contact } from "./contact.ts";
import { BASIC_HOURS, type HoursOfOperation } from "./hours-of-operation.ts";
import {
  type AgentBehaviour,
  type Channel,
  type InstanceSeed,
  instanceSeedSchema,
  type ParsedInstanceSeed,
} from "./instance-seed.ts";
import { stableId } from "./stable-id.ts";

export interface Queue {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly hoursOfOperationId?: string;
  readonly maxContacts?: number;
  readonly outboundCallerIdNumber?: string;
}

export interface RoutingProfile {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly queues: readonly { queueId: string; channel: Channel; priority: number }[];
  readonly concurrency: Readonly<Record<Channel, number>>;
}

export type AgentStatus = "Available" | "Offline" | "Break";

export interface Agent {
  readonly id: string;
  readonly arn: string;
  readonly username: string;
  readonly routingProfileId: string;
  status: AgentStatus;
  readonly behaviour: AgentBehaviour;
  /** Contacts offered or connected to this agent. */
  readonly activeContactIds: Set<string>;
  /** Contacts in after-contact work. */
  readonly afterWorkContactIds: Set<string>;
}

export interface Flow {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly type: ContactFlowType;
  readonly content?: unknown;
  readonly queueId?: string;
  /** ContactFlowStatus; absent means PUBLISHED, as seeded flows and flow files are. */
  readonly status?: "PUBLISHED" | "SAVED";
  /** ContactFlowState; absent means ACTIVE. */
  readonly state?: "ACTIVE" | "ARCHIVED";
  readonly description?: string;
}

/** One Connect instance: its configuration and its contacts. */
export class Instance {
  readonly id: string;
  readonly arn: string;
  readonly alias: string;
  readonly region: string;
  readonly accountId: string;
  readonly hours = new Map<string, HoursOfOperation>();
  readonly queues = new Map<string, Queue>();
  readonly routingProfiles = new Map<string, RoutingProfile>();
  readonly agents = new Map<string, Agent>();
  readonly flows = new Map<string, Flow>();
  readonly contacts = new Map<string, Contact>();

  constructor(seed: InstanceSeed = {}) {
    const parsed = instanceSeedSchema.parse(seed);
    this.id = parsed.instanceId ?? crypto.randomUUID();
    this.alias = parsed.alias;
    this.region = parsed.region;
    this.accountId = parsed.accountId;
    this.arn = `arn:aws:connect:${this.region}:${this.accountId}:instance/${this.id}`;
    this.load(parsed);
  }

  private load(seed: ParsedInstanceSeed): void {
    const seeded = seed.hoursOfOperation;
    const basic = seeded.some((hours) => hours.name === BASIC_HOURS.name) ? [] : [BASIC_HOURS];
    for (const hours of [...basic, ...seeded]) {
      const id = hours.id ?? this.idFor("hours", hours.name);
      this.hours.set(id, { ...hours, id, arn: `${this.arn}/operating-hours/${id}` });
    }
    for (const queue of seed.queues) {
      const id = queue.id ?? this.idFor("queue", queue.name);
      // Every standard queue has hours in Connect (CreateQueue requires them).
      const hoursId = this.byName(this.hours, queue.hoursOfOperation ?? BASIC_HOURS.name).id;
      this.queues.set(id, {
        id,
        arn: `${this.arn}/queue/${id}`,
        name: queue.name,
        hoursOfOperationId: hoursId,
        ...(queue.maxContacts ? { maxContacts: queue.maxContacts } : {}),
        ...(queue.outboundCallerIdNumber
          ? { outboundCallerIdNumber: queue.outboundCallerIdNumber }
          : {}),
      });
    }
    for (const profile of seed.routingProfiles) this.addRoutingProfile(profile);
    for (const agent of seed.agents) this.addAgent(agent);
    for (const flow of seed.flows) this.addFlow(flow);
  }

  private addRoutingProfile(profile: ParsedInstanceSeed["routingProfiles"][number]): void {
    const id = profile.id ?? this.idFor("routing-profile", profile.name);
    this.routingProfiles.set(id, {
      id,
      arn: `${this.arn}/routing-profile/${id}`,
      name: profile.name,
      queues: profile.queues.map((entry) => ({
        queueId: this.requireQueue(entry.queue).id,
        channel: entry.channel,
        priority: entry.priority,
      })),
      concurrency: { VOICE: 1, CHAT: 2, TASK: 1, EMAIL: 1, ...profile.concurrency },
    });
  }

  addAgent(agent: ParsedInstanceSeed["agents"][number]): Agent {
    const id = agent.id ?? this.idFor("agent", agent.username);
    const created: Agent = {
      id,
      arn: `${this.arn}/agent/${id}`,
      username: agent.username,
      routingProfileId: this.byName(this.routingProfiles, agent.routingProfile).id,
      status: agent.status,
      behaviour: agent.behaviour,
      activeContactIds: new Set(),
      afterWorkContactIds: new Set(),
    };
    this.agents.set(id, created);
    return created;
  }

  addFlow(flow: ParsedInstanceSeed["flows"][number]): Flow {
    const id = flow.id ?? this.idFor("flow", flow.name);
    const queueId = flow.queue ? this.requireQueue(flow.queue).id : undefined;
    const created: Flow = {
      id,
      arn: `${this.arn}/contact-flow/${id}`,
      name: flow.name,
      type: flow.type ?? contactFlowTypeOf(flow.content),
      ...(flow.content !== undefined ? { content: flow.content } : {}),
      ...(queueId ? { queueId } : {}),
    };
    this.flows.set(id, created);
    return created;
  }

  /** Seeded ids follow from the instance id and the name, so they are the same on every start. */
  idFor(kind: string, name: string): string {
    return stableId(this.id, kind, name);
  }

  /** Finds a queue by id, ARN or name. */
  findQueue(ref: string): Queue | undefined {
    return this.find(this.queues, ref);
  }

  /** Finds hours of operation by id, ARN or name. */
  findHours(ref: string): HoursOfOperation | undefined {
    return this.find(this.hours, ref);
  }

  requireQueue(ref: string): Queue {
    const queue = this.findQueue(ref);
    if (!queue) throw new Error(`Unknown queue ${ref}`);
    return queue;
  }

  findFlow(ref: string): Flow | undefined {
    return this.find(this.flows, ref);
  }

  findAgent(ref: string): Agent | undefined {
    const byId = this.find(this.agents, ref);
    return byId ?? [...this.agents.values()].find((agent) => agent.username === ref);
  }

  private find<T extends { id: string; arn: string; name?: string }>(
    map: Map<string, T>,
    ref: string,
  ): T | undefined {
    const direct = map.get(ref) ?? map.get(ref.split("/").pop() ?? "");
    if (direct) return direct;
    return [...map.values()].find((item) => item.arn === ref || item.name === ref);
  }

  private byName<T extends { id: string; arn: string; name?: string }>(
    map: Map<string, T>,
    ref: string,
  ): T {
    const found = this.find(map, ref);
    if (!found) throw new Error(`Unknown reference ${ref}`);
    return found;
  }
}
