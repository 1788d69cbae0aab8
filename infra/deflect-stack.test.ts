import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { createTableInput, TABLE } from "../adapters/dynamodb/table-definition.ts";
import { DeflectStack } from "./deflect-stack.ts";

const template = Template.fromStack(new DeflectStack(new App(), "Test"));

describe("the CDK stack", () => {
  it("builds the table with the adapter's keys, listing index and TTL attribute", () => {
    const local = createTableInput("x");
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: local.KeySchema,
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions ?? []),
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: TABLE.listingIndex.name,
          KeySchema: local.GlobalSecondaryIndexes?.[0]?.KeySchema,
        }),
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it("keeps the table when the stack is deleted", () => {
    const tables = template.findResources("AWS::DynamoDB::Table");
    expect(Object.values(tables).map((t) => t.DeletionPolicy)).toEqual(["Retain"]);
  });
});
