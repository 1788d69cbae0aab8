import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { FunctionName } from "./function-bundles.ts";

export type TableAction =
  | "dynamodb:GetItem"
  | "dynamodb:BatchGetItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:Query"
  | "dynamodb:BatchWriteItem";

/** What one function does with the table, worked out from the store methods its path calls. */
export interface TableAccess {
  /** Granted on the table itself: no index, no other table, no Scan. */
  readonly actions: readonly TableAction[];
  /** Granted only when DEFLECT_TRANSCRIPT_SOURCE=transcribe keeps the call's words in the table. */
  readonly withTranscriptsInTable?: readonly TableAction[];
  /**
   * Actions a store in the bundle can send but the function never asks for: which store
   * methods send them, and why the path does not call them. infra/table-access.test.ts checks
   * that the bundle sends nothing outside `actions` and these, and calls none of these methods.
   */
  readonly notCalled: Readonly<
    Partial<Record<TableAction, { readonly methods: readonly string[]; readonly why: string }>>
  >;
}

const FUNNEL_READ = { methods: ["counts"], why: "reading the funnel is the ops CLI's" } as const;

export const TABLE_ACCESS: Readonly<Record<FunctionName, TableAccess>> = {
  // Sessions and the first message's claim (released when the send throws), the customer's
  // preferences, queue policies and their offer state, the shared metric snapshots with their
  // refresh lease, funnel counters.
  deflect: {
    actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
    notCalled: {
      "dynamodb:Query": {
        methods: ["counts", "listPolicies"],
        why: "reading the funnel and listing policies are the ops CLI's",
      },
    },
  },
  // Keyword claims (released when the keyword's work throws), sessions by address, consent
  // records, the inbox, funnel counters.
  webhooks: {
    actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
    notCalled: { "dynamodb:Query": FUNNEL_READ },
  },
  // Sessions, chat pointers and their live routes (a stream batch's in one BatchGetItem), the
  // chat's connection and first reply, the live-chat list (in websocket mode), funnel
  // counters, the waiting line (its entries and parked messages: Query, and DeleteItem as
  // they leave); the call's transcript segments (one partition, a Query).
  resume: {
    actions: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
    ],
    notCalled: {
      "dynamodb:BatchWriteItem": {
        methods: ["putSegments"],
        why: "the transcript worker writes segments",
      },
    },
  },
  // Claims per relayed chat item (released when a send fails, for a retry), sessions by
  // chat, the chat's connection and the relay's cursor, funnel counters.
  relay: {
    actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
    notCalled: { "dynamodb:Query": FUNNEL_READ },
  },
  // The start's claim per call (a conditional put, read back when taken, released on a failed
  // launch, completed after it) and the segments, blind idempotent batch puts.
  transcribe: {
    actions: [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
    ],
    notCalled: { "dynamodb:Query": { methods: ["segments"], why: "resume reads the segments" } },
  },
};

/** The table actions one function is granted in this installation. */
export function tableActions(
  name: FunctionName,
  options: { transcriptsInTable: boolean },
): TableAction[] {
  const access = TABLE_ACCESS[name];
  const extra = options.transcriptsInTable ? (access.withTranscriptsInTable ?? []) : [];
  return [...access.actions, ...extra];
}

/** Grants exactly these actions on the table's own ARN (its index stays out of reach). */
export function grantTableAccess(
  fn: IFunction,
  table: Pick<ITable, "tableArn">,
  actions: readonly TableAction[],
): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
}
