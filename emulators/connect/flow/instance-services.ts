import type { CaseRecord, InMemoryCases } from "./cases.ts";
import type { CustomerProfile, InMemoryCustomerProfiles } from "./customer-profiles.ts";
import type { FlowDocument } from "./flow-document.ts";
import type { FlowHost } from "./flow-host.ts";
import type { LexIntent, ScriptedLexBot } from "./scripted-lex-bot.ts";

type TaskRequest = Parameters<NonNullable<FlowHost["createTask"]>>[0];
type LexRequest = Parameters<NonNullable<FlowHost["recognizeIntent"]>>[0];
type DialRequest = Parameters<NonNullable<FlowHost["dialThirdParty"]>>[0];
type DialOutcome = Awaited<ReturnType<NonNullable<FlowHost["dialThirdParty"]>>>;

/** What an instance offers flows beyond its queues and hours; each part is optional. */
export interface InstanceServicesOptions {
  /** Flow modules by id, ARN or name (loaded documents), for InvokeFlowModule. */
  readonly modules?: Readonly<Record<string, FlowDocument>>;
  /** What Voice ID answers per option; an option left out takes the error branch. */
  readonly voiceId?: Readonly<Record<string, string>>;
  /** Amazon Q in Connect assistants that take sessions, by ARN. */
  readonly assistants?: readonly string[];
  /** The Cases domain; absent, the case blocks take their error branch. */
  readonly cases?: InMemoryCases;
  /** The Customer Profiles domain; absent, the profile blocks take their error branch. */
  readonly profiles?: InMemoryCustomerProfiles;
  /** Lex bots by alias ARN (V2) or name (classic). */
  readonly lexBots?: Readonly<Record<string, ScriptedLexBot>>;
  /** Phone numbers a transfer reaches, and whether they answer; any other number fails. */
  readonly thirdParties?: Readonly<Record<string, "answers" | "noAnswer">>;
}

/**
 * The instance-wide services a flow reaches (Voice ID, Amazon Q sessions, Cases, Customer
 * Profiles, tasks, Lex bots, third-party numbers, flow modules), shared by the in-memory host
 * and the emulator's host. Records the tasks, utterances and dialled legs, for inspection.
 */
export class InstanceServices {
  /** Every task a flow created, in order. */
  readonly tasks: TaskRequest[] = [];
  /** Every utterance a Lex bot was given, in order. */
  readonly lexRequests: LexRequest[] = [];
  /** Every third-party leg a flow dialled, in order. */
  readonly dialled: DialRequest[] = [];

  constructor(private readonly options: InstanceServicesOptions = {}) {}

  checkVoiceId(option: string): string | undefined {
    return this.options.voiceId?.[option];
  }

  wisdomSession(assistantArn: string, contactId: string): string | undefined {
    if (!this.options.assistants?.includes(assistantArn)) return undefined;
    return `${assistantArn.replace(":assistant/", ":session/")}/${contactId}`;
  }

  searchCases(criteria: Readonly<Record<string, string>>): readonly CaseRecord[] {
    return this.#cases().search(criteria);
  }

  createCase(fields: Readonly<Record<string, string>>): CaseRecord {
    return this.#cases().create({ fields });
  }

  linkContactToCase(caseId: string, contactId: string): boolean {
    this.options.cases?.link(caseId, contactId);
    return this.options.cases !== undefined;
  }

  searchProfiles(field: string, value: string): readonly CustomerProfile[] {
    return this.#profiles().search(field, value);
  }

  createProfile(fields: Readonly<Record<string, string>>): CustomerProfile {
    return this.#profiles().create(fields);
  }

  /** Records the task and answers its contact id (its flow is not run). */
  createTask(request: TaskRequest): string {
    this.tasks.push(request);
    return `task-${this.tasks.length}`;
  }

  recognizeIntent(request: LexRequest): LexIntent | undefined {
    this.lexRequests.push(request);
    const key = "aliasArn" in request.bot ? request.bot.aliasArn : request.bot.name;
    return this.options.lexBots?.[key]?.recognize(request.utterance);
  }

  dialThirdParty(request: DialRequest): DialOutcome {
    this.dialled.push(request);
    const party = this.options.thirdParties?.[request.phoneNumber];
    if (party === "noAnswer") return "noAnswer";
    if (party !== "answers") return "failed";
    return request.waitForEnd ? "completed" : "connected";
  }

  flowModule(moduleId: string): FlowDocument | undefined {
    return this.options.modules?.[moduleId];
  }

  #cases(): InMemoryCases {
    if (!this.options.cases) throw new Error("no Cases domain");
    return this.options.cases;
  }

  #profiles(): InMemoryCustomerProfiles {
    if (!this.options.profiles) throw new Error("no Customer Profiles domain");
    return this.options.profiles;
  }
}

/**
 * The FlowHost methods that reach the instance's services, for a host to extend: the host
 * names its services and its contact, and the rest is the same for every host.
 */
export abstract class InstanceServiceHost
  implements
    Pick<
      Required<FlowHost>,
      | "checkVoiceId"
      | "createWisdomSession"
      | "searchCases"
      | "createCase"
      | "linkContactToCase"
      | "searchProfiles"
      | "createProfile"
      | "createTask"
      | "recognizeIntent"
      | "dialThirdParty"
      | "flowModule"
    >
{
  protected abstract get services(): InstanceServices;
  protected abstract get serviceContactId(): string;

  async checkVoiceId(option: string): Promise<string | undefined> {
    return this.services.checkVoiceId(option);
  }

  async createWisdomSession(assistantArn: string): Promise<string | undefined> {
    return this.services.wisdomSession(assistantArn, this.serviceContactId);
  }

  async searchCases(criteria: Readonly<Record<string, string>>): Promise<readonly CaseRecord[]> {
    return this.services.searchCases(criteria);
  }

  async createCase(request: { templateId: string; fields: Readonly<Record<string, string>> }) {
    return this.services.createCase(request.fields);
  }

  async linkContactToCase(caseId: string): Promise<boolean> {
    return this.services.linkContactToCase(caseId, this.serviceContactId);
  }

  async searchProfiles(field: string, value: string): Promise<readonly CustomerProfile[]> {
    return this.services.searchProfiles(field, value);
  }

  async createProfile(fields: Readonly<Record<string, string>>): Promise<CustomerProfile> {
    return this.services.createProfile(fields);
  }

  async createTask(request: TaskRequest): Promise<string | undefined> {
    return this.services.createTask(request);
  }

  async recognizeIntent(request: LexRequest): Promise<LexIntent | undefined> {
    return this.services.recognizeIntent(request);
  }

  async dialThirdParty(request: DialRequest): Promise<DialOutcome> {
    return this.services.dialThirdParty(request);
  }

  flowModule(moduleId: string): FlowDocument | undefined {
    return this.services.flowModule(moduleId);
  }
}
