import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { TABLE } from "../../adapters/dynamodb/table-definition.ts";
import { type Finding, fix, ok, reasonOf } from "./doctor-report.ts";

// Resume reads each new inbox item's image from the stream (infra/deflect-storage.ts).
const VIEWS_WITH_NEW_IMAGE = new Set(["NEW_IMAGE", "NEW_AND_OLD_IMAGES"]);

/** The table is ACTIVE, streams new images, and expires items on `expiresAt`. */
export async function checkTable(
  dynamo: DynamoDBClient,
  tableName: string,
): Promise<{ findings: Finding[]; exists: boolean }> {
  const item = `table ${tableName}`;
  let table: Awaited<ReturnType<typeof describe>>;
  try {
    table = await describe(dynamo, tableName);
  } catch (error) {
    const missing = (error as Error).name === "ResourceNotFoundException";
    const text = missing
      ? "does not exist: deploy the stack"
      : `cannot be read: ${reasonOf(error)}`;
    return { findings: [fix(item, text)], exists: false };
  }
  const findings = [
    table?.TableStatus === "ACTIVE"
      ? ok(item, "ACTIVE")
      : fix(
          item,
          `is ${table?.TableStatus ?? "in no known state"}, not ACTIVE: wait, or look at the stack`,
        ),
  ];
  const view = table?.StreamSpecification?.StreamEnabled
    ? table.StreamSpecification.StreamViewType
    : undefined;
  findings.push(
    view && VIEWS_WITH_NEW_IMAGE.has(view)
      ? ok("table stream", `on (${view})`)
      : fix(
          "table stream",
          `${view ? `${view} carries no new image` : "off"}: customers' replies never reach resume; turn on the stream with NEW_IMAGE (the stack does)`,
        ),
  );
  findings.push(await checkTimeToLive(dynamo, tableName));
  return { findings, exists: true };
}

async function describe(dynamo: DynamoDBClient, tableName: string) {
  return (await dynamo.send(new DescribeTableCommand({ TableName: tableName }))).Table;
}

async function checkTimeToLive(dynamo: DynamoDBClient, tableName: string): Promise<Finding> {
  try {
    const { TimeToLiveDescription: ttl } = await dynamo.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    if (ttl?.TimeToLiveStatus === "ENABLED" && ttl.AttributeName === TABLE.ttlAttribute) {
      return ok("table TTL", `on ${TABLE.ttlAttribute}`);
    }
    const now = ttl?.AttributeName ? `on ${ttl.AttributeName}` : (ttl?.TimeToLiveStatus ?? "off");
    // Reads compare expiresAt themselves, so this costs storage, not correctness.
    return fix(
      "table TTL",
      `${now.toLowerCase()}: expired sessions and receipts are never deleted; turn on TTL on ${TABLE.ttlAttribute}`,
    );
  } catch (error) {
    return fix("table TTL", `cannot be read: ${reasonOf(error)}`);
  }
}
