import type { CaseRecord, InMemoryCases } from "./cases.ts";
import type { OutboundChatRequest } from "./contact-setting.ts";
import type {
  CustomerProfile,
  InMemoryCustomerProfiles,
  ProfileObject,
} from "./customer-profiles.ts";
import type { FlowDocument } from "./flow-document.ts";
import type { FlowHost } from "./flow-host.ts";
import type { LexIntent, ScriptedLexBot } from "./scripted-lex-bot.ts";

type TaskRequest = Parameters<NonNullable<FlowHost["createTask"]>>[0];
type LexRequest = Parameters<NonNullable<FlowHost["recognizeIntent"]>>[0];
type DialRequest = Parameters<NonNullable<FlowHost["dialThirdParty"]>>[0];
type DialOutcome = Awaited<ReturnType<NonNullable<FlowHost["dialThirdParty"]>>>;
type ObjectRequest = Parameters<NonNullable<FlowHost["profileObject"]>>[0];
type PersistentChatRequest = Parameters<NonNullable<FlowHost["createPersistentChat"]>>[0];

/** A chat contact that has ended, which a persistent chat may continue. */
export interface PastChat {
  readonly contactId: string;
  readonly initialContactId: string;
}

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
  /** ARNs of the instance's phone numbers that send SMS; others cannot start an outbound chat. */
  readonly smsNumbers?: readonly string[];
  /** The chats that have ended, newest last, for persistent chat. */
  readonly pastChats?: () => readonly PastChat[];
  /** Uniform in [0, 1), for DistributeByPercentage; seed it to make runs repeat. */
  readonly random?: () => number;
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
  /** Every outbound SMS contact a flow started, in order. */
  readonly outboundChats: (OutboundChatRequest & { readonly contactId: string })[] = [];
  /** Every chat a flow made persistent, and the contact it continues. */
  readonly persistentChats: (PersistentChatRequest & {
    readonly contactId: string;
    readonly continuedFrom: string;
  })[] = [];

  constructor(private readonly options: InstanceServicesOptions = {}) {}

  /** Every request flows made of the services, for inspection (GET /__emulator/services/requests). */
  requests() {
    const { tasks, lexRequests, dialled, outboundChats, persistentChats } = this;
    return { tasks, lexRequests, dialled, outboundChats, persistentChats };
  }

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

  updateCase(caseId: string, fields: Readonly<Record<string, string>>): CaseRecord | undefined {
    return this.#cases().update(caseId, fields);
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

  updateProfile(profileId: string, fields: Readonly<Record<string, string>>) {
    return this.#profiles().update(profileId, fields);
  }

  profileObject(request: ObjectRequest): ProfileObject | undefined | "noProfile" {
    const objects = this.#profiles().objects(request.profileId, request.objectType);
    if (!objects) return "noProfile";
    const { identifier } = request;
    return identifier
      ? objects.find((object) => object.fields[identifier.name] === identifier.value)
      : objects[0];
  }

  calculatedAttributes(profileId: string): Readonly<Record<string, string>> | undefined {
    return this.#profiles().calculatedAttributes(profileId);
  }

  associateContactToProfile(profileId: string, contactId: string): boolean {
    return this.#profiles().associateContact(profileId, contactId);
  }

  /** 1 to 100, each equally likely. */
  drawPercentage(): number {
    return Math.floor((this.options.random ?? Math.random)() * 100) + 1;
  }

  /** Records the SMS contact from one of the instance's SMS numbers (its flow is not run). */
  startOutboundChat(request: OutboundChatRequest): string | undefined {
    if (!this.options.smsNumbers?.includes(request.sourcePhoneNumberArn)) return undefined;
    const contactId = `outbound-chat-${this.outboundChats.length + 1}`;
    this.outboundChats.push({ ...request, contactId });
    return contactId;
  }

  /** The ended chat a persistent chat continues: the segment, or the session's latest. */
  createPersistentChat(request: PersistentChatRequest, contactId: string): string | undefined {
    const past = this.options.pastChats?.() ?? [];
    const source =
      request.rehydrationType === "FROM_SEGMENT"
        ? past.find((chat) => chat.contactId === request.sourceContactId)
        : past.findLast((chat) => chat.initialContactId === request.sourceContactId);
    if (!source) return undefined;
    this.persistentChats.push({ ...request, contactId, continuedFrom: source.contactId });
    return source.contactId;
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
      | "updateCase"
      | "updateProfile"
      | "profileObject"
      | "calculatedAttributes"
      | "associateContactToProfile"
      | "drawPercentage"
      | "startOutboundChat"
      | "createPersistentChat"
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

  async updateCase(caseId: string, fields: Readonly<Record<string, string>>) {
    return this.services.updateCase(caseId, fields);
  }

  async updateProfile(profileId: string, fields: Readonly<Record<string, string>>) {
    return this.services.updateProfile(profileId, fields);
  }

  async profileObject(request: ObjectRequest) {
    return this.services.profileObject(request);
  }

  async calculatedAttributes(profileId: string) {
    return this.services.calculatedAttributes(profileId);
  }

  async associateContactToProfile(profileId: string, contactId: string) {
    return this.services.associateContactToProfile(profileId, contactId);
  }

  async drawPercentage(): Promise<number> {
    return this.services.drawPercentage();
  }

  async startOutboundChat(request: OutboundChatRequest) {
    return this.services.startOutboundChat(request);
  }

  async createPersistentChat(request: PersistentChatRequest) {
    return this.services.createPersistentChat(request, this.serviceContactId);
  }
}
