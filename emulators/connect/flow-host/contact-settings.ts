import type { ContactSetting } from "../flow/index.ts";
import type { AnsweringMachineDetectionStatus, Contact } from "../model/contact.ts";
import { resumeContact } from "../model/contact-pause.ts";
import type { Instance } from "../model/instance.ts";

type PreviousState = Extract<ContactSetting, { kind: "previousParticipantState" }>["state"];
type OutboundCall = Extract<ContactSetting, { kind: "outboundCall" }>;

interface ContactEnv {
  readonly instance: Instance;
  readonly contact: Contact;
  readonly now: number;
}

/**
 * The contact settings that change the emulator's own contact, as DescribeContact and
 * GET /__emulator/contacts show it: true or false as the setting took, or undefined for a
 * setting this function does not own.
 */
export function applyToContact(setting: ContactSetting, env: ContactEnv): boolean | undefined {
  const { contact, now } = env;
  switch (setting.kind) {
    case "eventHooks":
      return setEventHooks(env, setting.hooks);
    case "voice":
      contact.textToSpeechVoiceId = setting.voiceId;
      return true;
    case "language":
      contact.languageCode = setting.languageCode;
      return true;
    case "tags":
      Object.assign(contact.tags, setting.tags);
      return true;
    case "untag":
      return untag(contact, setting.tagKeys);
    case "resume":
      return resumeContact(contact, now);
    case "previousParticipantState":
      return holdPrevious(env, setting.state);
    case "outboundCall":
      return placeOutboundCall(contact, setting, now);
    default:
      return undefined;
  }
}

/**
 * The CustomerQueue hook (a customer queue flow run while the contact waits) and the
 * DefaultAgentUI hook (a flow run for the agent's workspace when an agent is offered the
 * contact) are modelled; each must name a flow of the instance.
 */
function setEventHooks(env: ContactEnv, hooks: Readonly<Record<string, string>>): boolean {
  const { instance, contact } = env;
  if (hooks.CustomerQueue !== undefined) {
    const flow = instance.findFlow(hooks.CustomerQueue);
    if (flow?.type !== "CUSTOMER_QUEUE") return false;
    contact.customerQueueFlowId = flow.id;
  }
  if (hooks.DefaultAgentUI !== undefined) {
    const flow = instance.findFlow(hooks.DefaultAgentUI);
    if (!flow || flow.type === "CUSTOMER_QUEUE") return false;
    contact.agentUiFlowId = flow.id;
  }
  return true;
}

/**
 * All or nothing, and only user-defined tags the contact carries: system (`aws:`) tags cannot
 * be removed (UnTagContact action page).
 */
function untag(contact: Contact, keys: readonly string[]): boolean {
  const removable = (key: string) => !key.startsWith("aws:") && Object.hasOwn(contact.tags, key);
  if (!keys.every(removable)) return false;
  for (const key of keys) delete contact.tags[key];
  return true;
}

/**
 * Holds the agent or the customer of the contact this one was transferred from; that contact
 * must still be with its agent. Connect shows no hold state in DescribeContact, so the hold is
 * on the previous contact in the inspection API (`onHold`) and in the flow trace.
 */
function holdPrevious(env: ContactEnv, state: PreviousState): boolean {
  const previousId = env.contact.previousContactId;
  const previous = previousId ? env.instance.contacts.get(previousId) : undefined;
  if (previous?.state !== "CONNECTED") return false;
  const held = previous.onHold ?? { agent: false, customer: false };
  previous.onHold =
    state === "OffHold"
      ? { agent: false, customer: false }
      : {
          agent: held.agent || state === "AgentOnHold",
          customer: held.customer || state === "CustomerOnHold",
        };
  previous.lastUpdateTimestamp = env.now;
  return true;
}

/** Dials the contact's customer (CompleteOutboundCall); a contact without one cannot be placed. */
function placeOutboundCall(contact: Contact, setting: OutboundCall, now: number): boolean {
  const destination = contact.customerEndpoint?.Address;
  if (!destination) return false;
  contact.outboundCall = {
    placedAt: now,
    destination,
    ...(setting.callerIdNumber ? { callerIdNumber: setting.callerIdNumber } : {}),
  };
  contact.lastUpdateTimestamp = now;
  return true;
}

/**
 * CheckOutboundCallStatus's result for each answering-machine detection status; any other
 * status takes the error branch. The pairing is this emulator's reading of the action page.
 */
const CALL_PROGRESS: Partial<Record<AnsweringMachineDetectionStatus, string>> = {
  HUMAN_ANSWERED: "CallAnswered",
  VOICEMAIL_BEEP: "VoicemailBeep",
  VOICEMAIL_NO_BEEP: "VoicemailNoBeep",
  UNDETECTED: "NotDetected",
  AMD_UNRESOLVED: "NotDetected",
};

/** What answering-machine detection said of a campaign call; undefined for any other contact. */
export function callProgress(contact: Contact): string | undefined {
  const status = contact.answeringMachineDetectionStatus;
  return status ? CALL_PROGRESS[status] : undefined;
}
