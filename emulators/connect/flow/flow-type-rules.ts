import type { FlowType } from "./flow-types.ts";

// A module runs inside an inbound flow (modules may only be invoked from one), so whatever an
// inbound flow may use, a module may too.
const INBOUND: readonly FlowType[] = ["contactFlow", "flowModule"];
const TRANSFER: readonly FlowType[] = ["agentTransfer", "queueTransfer"];
const WHISPER: readonly FlowType[] = ["customerWhisper", "outboundWhisper", "agentWhisper"];
const HOLD: readonly FlowType[] = ["customerHold", "agentHold"];
const QUEUE: readonly FlowType[] = ["customerQueue"];

const INBOUND_TRANSFER = [...INBOUND, ...TRANSFER];
const INBOUND_TRANSFER_QUEUE = [...INBOUND, ...QUEUE, ...TRANSFER];
const ALL_BUT_HOLD = [...INBOUND, ...QUEUE, ...WHISPER, ...TRANSFER];

/**
 * The flow types each action is allowed in, from its action page's "Restrictions" and its
 * block page's "Flow types". Where the two differ, an action is allowed wherever either page
 * allows it, so no flow the console can build is refused (each case is in
 * ACTION-REFERENCE.md, "Flow types"). An action absent here is allowed in every type: its
 * pages state no restriction, or none that was confirmed.
 */
export const ACTION_FLOW_TYPES: Readonly<Record<string, readonly FlowType[]>> = {
  // Participant actions.
  MessageParticipant: ALL_BUT_HOLD,
  GetParticipantInput: INBOUND_TRANSFER_QUEUE,
  MessageParticipantIteratively: [...QUEUE, ...HOLD],
  DisconnectParticipant: INBOUND_TRANSFER_QUEUE,
  ConnectParticipantWithLexBot: INBOUND_TRANSFER_QUEUE,
  TransferParticipantToThirdParty: INBOUND_TRANSFER_QUEUE,
  // Contact actions.
  CompleteOutboundCall: ["outboundWhisper"],
  DequeueContactAndTransferToQueue: QUEUE,
  EndFlowModuleExecution: ["flowModule"],
  InvokeFlowModule: ["contactFlow"],
  TransferContactToAgent: TRANSFER,
  TransferContactToQueue: INBOUND_TRANSFER,
  UpdateContactCallbackNumber: INBOUND_TRANSFER_QUEUE,
  UpdateContactMediaStreamingBehavior: ALL_BUT_HOLD,
  // The action page says inbound only; the block page adds customer queue and transfers.
  UpdateContactRoutingBehavior: INBOUND_TRANSFER_QUEUE,
  UpdateContactTargetQueue: INBOUND_TRANSFER,
  // The action page says inbound and transfer flows; the block page adds outbound whisper.
  UpdatePreviousContactParticipantState: [...INBOUND_TRANSFER, "outboundWhisper"],
  // Flow control actions.
  CheckHoursOfOperation: INBOUND_TRANSFER_QUEUE,
  CheckMetricData: INBOUND_TRANSFER_QUEUE,
  DistributeByPercentage: INBOUND_TRANSFER_QUEUE,
  StartVoiceIdStream: ALL_BUT_HOLD,
  TransferToFlow: INBOUND_TRANSFER,
  UpdateRoutingCriteria: INBOUND_TRANSFER_QUEUE,
  UpdateContactRoutingCriteria: INBOUND_TRANSFER_QUEUE,
  // Interactions.
  CreateCallbackContact: INBOUND_TRANSFER_QUEUE,
};
