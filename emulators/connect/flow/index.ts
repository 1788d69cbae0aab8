/** Public surface of the contact-flow interpreter, for the Connect emulator and tests. */

export { type CaseRecord, InMemoryCases } from "./cases.ts";
export type {
  AgentTransferOutcome,
  ContactSetting,
  OutboundChatRequest,
} from "./contact-setting.ts";
export {
  type CustomerProfile,
  InMemoryCustomerProfiles,
  type ProfileObject,
  type ProfileSeed,
} from "./customer-profiles.ts";
export { autoAdvancingClock, flowClockFromTimers } from "./flow-clock.ts";
export type { FlowAction, FlowDocument, FlowKind } from "./flow-document.ts";
export type {
  ContactData,
  FlowChannel,
  FlowClock,
  FlowHost,
  FlowParticipant,
  HoursOfOperationInfo,
  HoursOfOperationRange,
  InputRequest,
  LambdaOutcome,
  MediaStreamInfo,
  ParticipantInput,
  PlayResult,
  Prompt,
  PromptDelivery,
  QueueInfo,
  QueueMetrics,
  QueueRef,
  TransferOutcome,
} from "./flow-host.ts";
export {
  InMemoryFlowHost,
  type InMemoryFlowHostOptions,
  type InMemoryQueue,
} from "./in-memory-host.ts";
export { InMemoryLambdas, RawLambdaPayload } from "./in-memory-lambdas.ts";
export { buildContactFlowEvent, type ContactFlowEvent } from "./lambda-event.ts";
export { type RunFlowOptions, runFlow } from "./run-flow.ts";
export type { EndReason, FlowRunResult, PlayedPrompt } from "./run-result.ts";
export { type CallerStep, ScriptedCaller } from "./scripted-caller.ts";
export { type ChatStep, ScriptedChatCustomer } from "./scripted-chat-customer.ts";
export { type LexIntent, type ScriptedIntent, ScriptedLexBot } from "./scripted-lex-bot.ts";
export { FlowValidationError, loadFlow, validateFlow } from "./validate-flow.ts";
