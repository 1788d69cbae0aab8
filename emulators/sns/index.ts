/**
 * A minimal Amazon SNS stand-in: topics and their attributes (CreateTopic, GetTopicAttributes,
 * SetTopicAttributes, DeleteTopic) over the query protocol, for tools that check a topic's
 * set-up such as `npm run ops -- doctor`. It delivers nothing: chat streaming to the relay is
 * the Connect emulator's own (emulators/connect/streaming).
 */
import { type EmulatorServer, startEmulatorServer } from "../shared-http/http-server.ts";
import type { EmulatorRequest, EmulatorResponse } from "../shared-http/http-types.ts";
import { Router } from "../shared-http/router.ts";
import {
  element,
  errorResponse,
  mapXml,
  QueryInput,
  resultResponse,
  SnsError,
  snsErrors,
} from "./query-protocol.ts";

export interface SnsEmulatorOptions {
  /** The Region and account in the topics' ARNs (one endpoint serves one Region). */
  readonly region?: string;
  readonly accountId?: string;
  readonly port?: number;
}

export interface SnsEmulator {
  /** Origin for the client's `endpoint`, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly region: string;
  readonly accountId: string;
  /** Creates a topic (or returns the existing one) with these attributes; returns its ARN. */
  createTopic(name: string, attributes?: Readonly<Record<string, string>>): string;
  close(): Promise<void>;
}

// Topic names: up to 256 of A-Z a-z 0-9 _ -, and ".fifo" at the end of a FIFO topic.
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
// The attributes SetTopicAttributes accepts that this emulator keeps (API reference).
const SETTABLE = new Set([
  "DeliveryPolicy",
  "DisplayName",
  "Policy",
  "KmsMasterKeyId",
  "TracingConfig",
  "SignatureVersion",
  "ContentBasedDeduplication",
  "ArchivePolicy",
  "DataProtectionPolicy",
]);

export async function startSnsEmulator(options: SnsEmulatorOptions = {}): Promise<SnsEmulator> {
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "000000000000";
  const topics = new Map<string, Record<string, string>>();

  const createTopic = (name: string, attributes: Readonly<Record<string, string>> = {}) => {
    if (!TOPIC_NAME.test(name)) throw snsErrors.invalidParameter("Invalid parameter: Topic Name");
    const arn = `arn:aws:sns:${region}:${accountId}:${name}`;
    if (topics.has(arn)) return arn;
    for (const key of Object.keys(attributes)) checkSettable(key, name.endsWith(".fifo"));
    if (attributes.Policy !== undefined) checkPolicy(attributes.Policy);
    topics.set(arn, {
      TopicArn: arn,
      Owner: accountId,
      Policy: JSON.stringify(defaultPolicy(arn, accountId)),
      DisplayName: "",
      SubscriptionsConfirmed: "0",
      SubscriptionsPending: "0",
      SubscriptionsDeleted: "0",
      ...(name.endsWith(".fifo") ? { FifoTopic: "true", ContentBasedDeduplication: "false" } : {}),
      ...attributes,
    });
    return arn;
  };
  const topic = (input: QueryInput) => {
    const arn = input.required("TopicArn");
    const found = topics.get(arn);
    if (!found) throw snsErrors.notFound("Topic does not exist");
    return found;
  };

  const actions: Record<string, (input: QueryInput) => EmulatorResponse> = {
    CreateTopic: (input) => {
      const arn = createTopic(input.required("Name"), input.map("Attributes"));
      return resultResponse("CreateTopic", element("TopicArn", arn));
    },
    GetTopicAttributes: (input) =>
      resultResponse("GetTopicAttributes", mapXml("Attributes", topic(input))),
    SetTopicAttributes: (input) => {
      const attributes = topic(input);
      const name = input.required("AttributeName");
      checkSettable(name, attributes.FifoTopic === "true");
      const value = input.optional("AttributeValue") ?? "";
      if (name === "Policy") checkPolicy(value);
      attributes[name] = value;
      return resultResponse("SetTopicAttributes", "");
    },
    // Deleting a topic that does not exist succeeds (DeleteTopic API reference).
    DeleteTopic: (input) => {
      topics.delete(input.required("TopicArn"));
      return resultResponse("DeleteTopic", "");
    },
  };

  const router = new Router().add("POST", "/", (request) => dispatch(request, actions));
  const server: EmulatorServer = await startEmulatorServer({
    router,
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return {
    url: server.url,
    region,
    accountId,
    createTopic,
    close: () => server.close(),
  };
}

function dispatch(
  request: EmulatorRequest,
  actions: Record<string, (input: QueryInput) => EmulatorResponse>,
): EmulatorResponse {
  const input = new QueryInput(request.rawBody.toString("utf8"));
  const action = input.optional("Action") ?? "";
  try {
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!handler) throw snsErrors.unknownAction(action);
    return handler(input);
  } catch (error) {
    if (error instanceof SnsError) return errorResponse(error);
    throw error;
  }
}

function checkSettable(name: string, fifo: boolean): void {
  if (SETTABLE.has(name) && (fifo || name !== "ContentBasedDeduplication")) return;
  throw snsErrors.invalidParameter(`Invalid parameter: AttributeName ${name}`);
}

function checkPolicy(text: string): void {
  try {
    const policy = JSON.parse(text) as { Statement?: unknown };
    if (policy && typeof policy === "object" && policy.Statement !== undefined) return;
  } catch {
    // Falls through to the same answer as a policy without statements.
  }
  throw snsErrors.invalidParameter("Invalid parameter: Policy Error: null");
}

/** What SNS attaches to a new topic: the owner's account may do everything with it. */
function defaultPolicy(arn: string, accountId: string) {
  return {
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: arn,
        Condition: { StringEquals: { "AWS:SourceOwner": accountId } },
      },
    ],
  };
}
