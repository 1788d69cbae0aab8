import type { TestProject } from "vitest/node";
import "./provided-context.ts";
import { startLocalDynamo } from "../../emulators/dynamodb/local-dynamodb.ts";

/** Starts the local servers every integration test shares, each on a free port. */
export default async function setup(project: TestProject) {
  const dynamo = await startLocalDynamo();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    await dynamo.close();
  };
}
