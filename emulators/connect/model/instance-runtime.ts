import type { Clock } from "../../shared-http/clock.ts";
import type { InstanceServices } from "../flow/instance-services.ts";
import { AgentViews } from "./agent-views.ts";
import type {
  AnsweringMachineDetectionStatus,
  Contact,
  Endpoint,
  InitiationMethod,
} from "./contact.ts";
import { type Flow, Instance } from "./instance.ts";
import type { Channel, InstanceSeed } from "./instance-seed.ts";
import { type ContactEvents, QueueModel } from "./queue-model.ts";
import { instanceServices, type ServicesSeed } from "./services-seed.ts";
import { WaitEstimator } from "./wait-estimate.ts";

/** Runs a contact through a flow; the default one transfers to the flow's fixed queue. */
export interface FlowRunner {
  start(runtime: InstanceRuntime, contact: Contact, flow: Flow): void;
}

export const directQueueRunner: FlowRunner = {
  start(runtime, contact, flow) {
    if (flow.queueId) runtime.model.enqueue(contact, flow.queueId);
  },
};

export interface NewContact {
  readonly channel: Channel;
  readonly initiationMethod: InitiationMethod;
  readonly contactFlowId?: string;
  readonly attributes?: Record<string, string>;
  readonly segmentAttributes?: Record<string, unknown>;
  readonly relatedContactId?: string;
  readonly previousContactId?: string;
  readonly initialContactId?: string;
  readonly customerEndpoint?: Endpoint;
  readonly systemEndpoint?: Endpoint;
  /** A campaign call, with what answering-machine detection reported when it was answered. */
  readonly answeringMachineDetectionStatus?: AnsweringMachineDetectionStatus;
}

export interface InstanceRuntimeOptions {
  readonly seed: InstanceSeed;
  readonly clock: Clock;
  readonly random: () => number;
  readonly events: ContactEvents[];
}

/** An instance with its live machinery: the queue model and the wait estimator. */
export class InstanceRuntime {
  readonly instance: Instance;
  readonly model: QueueModel;
  readonly estimator: WaitEstimator;
  /** Step-by-step guides shown to this instance's agents. */
  readonly agentViews = new AgentViews();
  flowRunner: FlowRunner = directQueueRunner;
  /** Modules, Lex bots, profiles, cases and the rest a flow reaches beyond queues. */
  services: InstanceServices;

  constructor(private readonly options: InstanceRuntimeOptions) {
    this.instance = new Instance(options.seed);
    this.model = new QueueModel({
      instance: this.instance,
      clock: options.clock,
      random: options.random,
      events: options.events,
    });
    this.estimator = new WaitEstimator(this.instance, this.model);
    this.services = instanceServices(this.instance, options.seed.services, options.random);
  }

  /** Replaces the instance's services (a scenario's Lex bots, profiles, modules, ...). */
  setServices(seed: ServicesSeed): void {
    this.services = instanceServices(this.instance, seed, this.options.random);
  }

  createContact(spec: NewContact): Contact {
    const id = crypto.randomUUID();
    const now = this.options.clock.now();
    const contact: Contact = {
      id,
      arn: `${this.instance.arn}/contact/${id}`,
      instanceId: this.instance.id,
      channel: spec.channel,
      initiationMethod: spec.initiationMethod,
      initialContactId: spec.initialContactId ?? id,
      ...(spec.previousContactId ? { previousContactId: spec.previousContactId } : {}),
      ...(spec.relatedContactId ? { relatedContactId: spec.relatedContactId } : {}),
      ...(spec.contactFlowId ? { contactFlowId: spec.contactFlowId } : {}),
      ...(spec.customerEndpoint ? { customerEndpoint: spec.customerEndpoint } : {}),
      ...(spec.systemEndpoint ? { systemEndpoint: spec.systemEndpoint } : {}),
      ...(spec.answeringMachineDetectionStatus
        ? { answeringMachineDetectionStatus: spec.answeringMachineDetectionStatus }
        : {}),
      initiationTimestamp: now,
      state: "IN_FLOW",
      attributes: { ...spec.attributes },
      segmentAttributes: { ...spec.segmentAttributes },
      abandoned: false,
      lastUpdateTimestamp: now,
      tags: {},
    };
    this.instance.contacts.set(id, contact);
    return contact;
  }

  /** Starts the contact's flow, if it has one. */
  runFlow(contact: Contact): void {
    const flow = contact.contactFlowId ? this.instance.findFlow(contact.contactFlowId) : undefined;
    if (flow) this.flowRunner.start(this, contact, flow);
  }
}
