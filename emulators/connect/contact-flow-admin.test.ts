import {
  AssociateLambdaFunctionCommand,
  ContactFlowNotPublishedException,
  ContactFlowType,
  CreateContactFlowCommand,
  DescribeContactFlowCommand,
  DisassociateLambdaFunctionCommand,
  InvalidContactFlowException,
  paginateListContactFlows,
  paginateListLambdaFunctions,
  ResourceNotFoundException,
  UpdateContactFlowMetadataCommand,
} from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { addFlowFiles } from "./flow-files.ts";
import { sdkClients, testInstance } from "./test-support/clients.ts";

const INSTANCE = testInstance.instanceId;
const ACCOUNT_ARN = "arn:aws:lambda:eu-west-2:111122223333:function";

// A flow the interpreter accepts: one message, then disconnect (protocols.md §2.1).
const content = (text: string) =>
  JSON.stringify({
    Version: "2019-10-30",
    StartAction: "say",
    Actions: [
      {
        Identifier: "say",
        Type: "MessageParticipant",
        Parameters: { Text: text },
        Transitions: {
          NextAction: "end",
          Errors: [{ NextAction: "end", ErrorType: "NoMatchingError" }],
        },
      },
      { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  });

let emulator: ConnectEmulator;
let connect: ReturnType<typeof sdkClients>["connect"];

beforeAll(async () => {
  // The API's answers are under test, not its quotas (api-quotas.test.ts).
  emulator = await startConnectEmulator({ instance: testInstance, quotas: "off" });
  connect = sdkClients(emulator.url).connect;
});
afterAll(async () => {
  connect.destroy();
  await emulator.close();
});

async function listFlows(types?: ContactFlowType[]) {
  const flows = [];
  const pages = paginateListContactFlows(
    { client: connect, pageSize: 1 },
    { InstanceId: INSTANCE, ...(types ? { ContactFlowTypes: types } : {}) },
  );
  for await (const page of pages) flows.push(...(page.ContactFlowSummaryList ?? []));
  return flows;
}

describe("Connect emulator: contact flows through the official client", () => {
  it("creates published and saved flows; lists them page by page with status and state", async () => {
    const published = await connect.send(
      new CreateContactFlowCommand({
        InstanceId: INSTANCE,
        Name: "greeting",
        Type: "CONTACT_FLOW",
        Content: content("Hello"),
      }),
    );
    await connect.send(
      new CreateContactFlowCommand({
        InstanceId: INSTANCE,
        Name: "draft",
        Type: "CONTACT_FLOW",
        Content: "{}",
        Status: "SAVED",
      }),
    );
    expect(published.ContactFlowArn).toBe(
      `arn:aws:connect:eu-west-2:111122223333:instance/${INSTANCE}/contact-flow/${published.ContactFlowId}`,
    );
    const flows = await listFlows();
    expect(flows.map((f) => [f.Name, f.ContactFlowStatus, f.ContactFlowState])).toEqual([
      ["Chat in", "PUBLISHED", "ACTIVE"],
      ["draft", "SAVED", "ACTIVE"],
      ["greeting", "PUBLISHED", "ACTIVE"],
    ]);
    expect(await listFlows(["CUSTOMER_QUEUE"])).toEqual([]);
  });

  it("describes a published flow with its content; a saved one only through :$SAVED", async () => {
    const byName = new Map((await listFlows()).map((f) => [f.Name, f.Id ?? ""]));
    const greeting = await connect.send(
      new DescribeContactFlowCommand({
        InstanceId: INSTANCE,
        ContactFlowId: byName.get("greeting"),
      }),
    );
    expect(greeting.ContactFlow).toMatchObject({ Name: "greeting", Status: "PUBLISHED" });
    expect(JSON.parse(greeting.ContactFlow?.Content ?? "")).toEqual(JSON.parse(content("Hello")));

    const draftId = byName.get("draft") ?? "";
    await expect(
      connect.send(
        new DescribeContactFlowCommand({ InstanceId: INSTANCE, ContactFlowId: draftId }),
      ),
    ).rejects.toBeInstanceOf(ContactFlowNotPublishedException);
    const saved = await connect.send(
      new DescribeContactFlowCommand({ InstanceId: INSTANCE, ContactFlowId: `${draftId}:$SAVED` }),
    );
    expect(saved.ContactFlow).toMatchObject({ Name: "draft", Status: "SAVED", Content: "{}" });
  });

  it("refuses invalid published content and names the problem; archives through metadata", async () => {
    const refused = connect.send(
      new CreateContactFlowCommand({
        InstanceId: INSTANCE,
        Name: "broken",
        Type: "CONTACT_FLOW",
        Content: JSON.stringify({ Version: "2019-10-30", StartAction: "nowhere", Actions: [] }),
      }),
    );
    await expect(refused).rejects.toBeInstanceOf(InvalidContactFlowException);
    const id = (await listFlows()).find((f) => f.Name === "greeting")?.Id ?? "";
    await connect.send(
      new UpdateContactFlowMetadataCommand({
        InstanceId: INSTANCE,
        ContactFlowId: id,
        ContactFlowState: "ARCHIVED",
      }),
    );
    const flow = (await listFlows()).find((f) => f.Id === id);
    expect(flow?.ContactFlowState).toBe("ARCHIVED");
  });

  it("checks content against its Type: a transfer flow's action is refused in an inbound flow", async () => {
    // No Metadata.type: the API's Type alone says what the flow is.
    const toAgent = JSON.stringify({
      Version: "2019-10-30",
      StartAction: "agent",
      Actions: [
        { Identifier: "agent", Type: "TransferContactToAgent", Parameters: {}, Transitions: {} },
      ],
    });
    const create = (Name: string, Type: "AGENT_TRANSFER" | "QUEUE_TRANSFER" | "CONTACT_FLOW") =>
      connect.send(
        new CreateContactFlowCommand({ InstanceId: INSTANCE, Name, Type, Content: toAgent }),
      );
    const transfer = await create("to agent", "AGENT_TRANSFER");
    await create("to agent via queue", "QUEUE_TRANSFER");
    const refused = await create("to agent inbound", "CONTACT_FLOW").catch(
      (error: unknown) => error,
    );

    expect(refused).toBeInstanceOf(InvalidContactFlowException);
    expect((refused as InvalidContactFlowException).problems).toEqual([
      {
        message:
          'action "agent" (TransferContactToAgent): Type is not allowed in inbound flows (contactFlow); it is only allowed in transfer to agent flows and transfer to queue flows',
      },
    ]);
    const described = await connect.send(
      new DescribeContactFlowCommand({
        InstanceId: INSTANCE,
        ContactFlowId: transfer.ContactFlowId,
      }),
    );
    expect(described.ContactFlow?.Type).toBe("AGENT_TRANSFER");
    expect((await listFlows(["AGENT_TRANSFER", "QUEUE_TRANSFER"])).map((f) => f.Name)).toEqual([
      "to agent",
      "to agent via queue",
    ]);
  });

  it("creates a flow of every ContactFlowType and lists it under its type", async () => {
    const end = JSON.stringify({
      Version: "2019-10-30",
      StartAction: "end",
      Actions: [{ Identifier: "end", Type: "EndFlowExecution", Parameters: {}, Transitions: {} }],
    });
    for (const Type of Object.values(ContactFlowType)) {
      await connect.send(
        new CreateContactFlowCommand({
          InstanceId: INSTANCE,
          Name: `end ${Type}`,
          Type,
          Content: end,
        }),
      );
      const listed = await listFlows([Type]);
      expect(listed.filter((f) => f.Name === `end ${Type}`).map((f) => f.ContactFlowType)).toEqual([
        Type,
      ]);
    }
  });

  it("takes a flow file's type from its export Metadata", async () => {
    const file = (type?: string) => ({
      Version: "2019-10-30",
      StartAction: "agent",
      ...(type ? { Metadata: { type } } : {}),
      Actions: [
        { Identifier: "agent", Type: "TransferContactToAgent", Parameters: {}, Transitions: {} },
      ],
    });
    addFlowFiles(emulator.instance, [{ name: "agent-file", content: file("agentTransfer") }]);
    const listed = await listFlows(["AGENT_TRANSFER"]);
    expect(listed.map((f) => f.Name)).toContain("agent-file");
    expect(() =>
      addFlowFiles(emulator.instance, [{ name: "untyped-file", content: file() }]),
    ).toThrow(
      /^Flow untyped-file: .*TransferContactToAgent.*not allowed in inbound flows \(contactFlow\).*such as "customerQueue" or "agentTransfer"\)$/s,
    );
  });
});

describe("Connect emulator: Lambda functions of the instance through the official client", () => {
  it("associates, lists page by page and disassociates functions", async () => {
    const arns = Array.from(
      { length: 30 },
      (_, i) => `${ACCOUNT_ARN}:fn-${String(i).padStart(2, "0")}`,
    );
    for (const FunctionArn of arns) {
      await connect.send(new AssociateLambdaFunctionCommand({ InstanceId: INSTANCE, FunctionArn }));
    }
    const listed: string[] = [];
    for await (const page of paginateListLambdaFunctions(
      { client: connect },
      { InstanceId: INSTANCE },
    )) {
      expect(page.LambdaFunctions?.length).toBeLessThanOrEqual(25);
      listed.push(...(page.LambdaFunctions ?? []));
    }
    expect(listed).toEqual(arns);

    await connect.send(
      new DisassociateLambdaFunctionCommand({ InstanceId: INSTANCE, FunctionArn: arns[0] }),
    );
    const again = connect.send(
      new DisassociateLambdaFunctionCommand({ InstanceId: INSTANCE, FunctionArn: arns[0] }),
    );
    await expect(again).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("answers ResourceNotFoundException for an unknown instance", async () => {
    const unknown = connect.send(
      new AssociateLambdaFunctionCommand({
        InstanceId: "00000000-0000-0000-0000-000000000000",
        FunctionArn: `${ACCOUNT_ARN}:deflect`,
      }),
    );
    await expect(unknown).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
