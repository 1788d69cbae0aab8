import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/** The context Lambda passes a handler, for a function of this name in a made-up account. */
export function lambdaContext(functionName: string, awsRequestId = randomUUID()): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:111122223333:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/06/10/[$LATEST]0123456789abcdef0123456789abcdef",
    getRemainingTimeInMillis: () => 8_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
