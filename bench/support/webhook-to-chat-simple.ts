import { performance } from "node:perf_hooks";
import { ConnectClient, StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
} from "@aws-sdk/client-connectparticipant";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  awsClientOptions,
  connectClientOptions,
} from "../../functions/shared/aws-client-options.ts";
import { simpleChatKey, simpleDesignHandler } from "./simple-design.ts";
import { atSteadyRate } from "./steady-rate.ts";
import { cpuSnapshot, cpuSpent, PRODUCT_CPU } from "./webhook-to-chat-cpu.ts";
import {
  customerNumber,
  messageSid,
  twilioInbound,
  type WebhookToChatWorld,
} from "./webhook-to-chat-world.ts";

/** The simple design wired into the bench's world: its handler and each customer's chat. */
export interface SimpleDesign {
  readonly receive: ReturnType<typeof simpleDesignHandler>;
  /** customer → the chat the simple design writes into (not the one ours routes to). */
  readonly chats: ReadonlyMap<number, string>;
  close(): void;
}

/** What one run of the simple design produced; calls are counted, never assumed. */
export interface SimpleFigures {
  readonly messages: number;
  readonly concurrency: number;
  /** Set when the webhooks came at a steady rate instead of from `concurrency` senders. */
  readonly perSecond?: number;
  readonly elapsedMs: number;
  /** receipt → the handler's 200, which comes after SendMessage answered. */
  readonly latenciesMs: readonly number[];
  readonly dynamoCalls: ReadonlyMap<string, number>;
  readonly connectCalls: Readonly<Record<string, number>>;
  readonly cpuMs: number;
  /** Measured messages found as CUSTOMER messages in the simple design's chats. */
  readonly inChats: number;
}

/**
 * Wires the simple design on the same table, Connect emulator and Twilio secret as ours, with
 * the clients as the sample builds them: the DocumentClient, and a ConnectParticipantClient
 * with its default options (ours resolve middleware once, `cacheMiddleware`, worth about
 * 0.1 ms a call; the issue counts lighter clients as fair game for ours, not the sample's).
 * The tap counts its calls (SIMPLE# keys) as the "simple" phase. Each customer gets a chat of
 * its own (StartChatContact into the world's chat flow, then CreateParticipantConnection),
 * whose connectionToken is put at SIMPLE#<number>.
 */
export async function startSimpleDesign(
  world: WebhookToChatWorld,
  options: { customers: number },
): Promise<SimpleDesign> {
  const { region, endpoint, tableName } = world.table;
  const dynamo = new DynamoDBClient(awsClientOptions(region, endpoint));
  const documentClient = DynamoDBDocumentClient.from(dynamo);
  const participant = new ConnectParticipantClient(awsClientOptions(region, world.connect.url));
  const connect = new ConnectClient(connectClientOptions(region, world.connect.url));
  const chats = new Map<number, string>();
  for (let c = 0; c < options.customers; c++) {
    const started = await connect.send(
      new StartChatContactCommand({
        InstanceId: world.connect.instanceId,
        ContactFlowId: world.connect.chatFlowId,
        ParticipantDetails: { DisplayName: `simple ${c}` },
      }),
    );
    const connection = await participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: started.ParticipantToken,
        Type: ["CONNECTION_CREDENTIALS"],
      }),
    );
    const connectionToken = connection.ConnectionCredentials?.ConnectionToken;
    if (!started.ContactId || !connectionToken) {
      throw new Error(`the simple design's chat for customer ${c} did not open`);
    }
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...simpleChatKey(customerNumber(c)),
          chatContactId: started.ContactId,
          connectionToken,
        },
      }),
    );
    chats.set(c, started.ContactId);
  }
  connect.destroy();
  const receive = simpleDesignHandler({ documentClient, participant, tableName, ...world.twilio });
  return {
    receive,
    chats,
    close() {
      participant.destroy();
      dynamo.destroy();
    },
  };
}

const simpleBody = (stage: number, index: number, customer: number) =>
  `simple s${stage} #${index} from customer ${customer}`;

/**
 * Closed loop, as our "closed" run: `concurrency` senders, each sending its next webhook once
 * the handler answered (after SendMessage, so answered is routed); with `perSecond`, one
 * webhook every 1/perSecond seconds instead, as our "steady" run. As in our runs, signing the
 * webhooks is inside the measured window. Checks the measured messages reached the chats and
 * throws if any did not.
 */
export async function measureSimple(
  world: WebhookToChatWorld,
  simple: SimpleDesign,
  plan: { stage: number; count: number; concurrency: number; perSecond?: number },
): Promise<SimpleFigures> {
  const customers = simple.chats.size;
  world.tap.reset();
  await fetch(`${world.connect.url}/__emulator/calls`, { method: "DELETE" });
  const cpuBefore = cpuSnapshot();
  const started = performance.now();
  const events = Array.from({ length: plan.count }, (_, i) =>
    twilioInbound({
      sid: messageSid(plan.stage, i),
      from: customerNumber(i % customers),
      body: simpleBody(plan.stage, i, i % customers),
    }),
  );
  const latenciesMs: number[] = [];
  let next = 0;
  const deliver = async (index: number) => {
    const receivedAt = performance.now();
    const answer = await simple.receive(events[index] as (typeof events)[number]);
    if (answer.statusCode !== 200) throw new Error(`simple design answered ${answer.statusCode}`);
    latenciesMs.push(performance.now() - receivedAt);
  };
  if (plan.perSecond) {
    await atSteadyRate({ count: events.length, perSecond: plan.perSecond }, deliver);
  } else {
    const sender = async () => {
      while (next < events.length) await deliver(next++);
    };
    await Promise.all(Array.from({ length: plan.concurrency }, sender));
  }
  const elapsedMs = performance.now() - started;
  const cpuMs = cpuSpent(cpuBefore, cpuSnapshot()).get(PRODUCT_CPU) ?? Number.NaN;
  const connectCalls = await fetch(`${world.connect.url}/__emulator/calls`)
    .then((r) => r.json() as Promise<{ calls: Record<string, number> }>)
    .then((r) => r.calls);
  const dynamoCalls = new Map(
    [...world.tap.counts()]
      .filter(([key]) => key.startsWith("simple "))
      .map(([key, n]) => [key.slice("simple ".length), n]),
  );
  const inChats = await countInChats(world, simple, plan);
  if (inChats !== plan.count) {
    throw new Error(`the simple design's chats hold ${inChats} of ${plan.count} measured messages`);
  }
  return {
    messages: plan.count,
    concurrency: plan.concurrency,
    ...(plan.perSecond ? { perSecond: plan.perSecond } : {}),
    elapsedMs,
    latenciesMs,
    dynamoCalls,
    connectCalls,
    cpuMs,
    inChats,
  };
}

async function countInChats(
  world: WebhookToChatWorld,
  simple: SimpleDesign,
  plan: { stage: number; count: number },
): Promise<number> {
  let found = 0;
  for (const [customer, chatContactId] of simple.chats) {
    const bodies = new Set<string>();
    for (let i = customer; i < plan.count; i += simple.chats.size) {
      bodies.add(simpleBody(plan.stage, i, customer));
    }
    for (const item of await world.transcript(chatContactId)) {
      if (item.Type !== "MESSAGE" || item.ParticipantRole !== "CUSTOMER") continue;
      if (bodies.delete(item.Content ?? "")) found++;
    }
  }
  return found;
}
