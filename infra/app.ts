import { App } from "aws-cdk-lib";
import { DeflectStack } from "./deflect-stack.ts";
import { deploySettingsFromContext } from "./deploy-settings.ts";

// `npm run synth` writes the CloudFormation template to cdk.out/ (no AWS account needed).
// The installation's Connect instance, queues and secret come from CDK context (`cdk -c`,
// cdk.json, or CDK_CONTEXT_JSON). The CDK CLI sets CDK_DEFAULT_ACCOUNT/REGION when it
// deploys; without them the stack is environment-agnostic.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const app = new App({ outdir: "cdk.out" });
try {
  const deploy = deploySettingsFromContext((key) => app.node.tryGetContext(key));
  new DeflectStack(app, "ConnectDeflect", {
    deploy,
    ...(account && region ? { env: { account, region } } : {}),
  });
  app.synth();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
