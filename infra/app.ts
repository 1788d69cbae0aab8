import { App } from "aws-cdk-lib";
import { DeflectStack } from "./deflect-stack.ts";
import { loadDeploySettings } from "./deploy-config-file.ts";
import { addNagChecks, readNagReport } from "./nag-checks.ts";

// `npm run synth` (cdk synth) writes the CloudFormation template to cdk.out/; no AWS account
// is needed. The installation's settings come from deploy.config.json (or the file
// `-c deployConfig=<path>` names), each `-c key=value` winning over the file. The CDK CLI sets
// CDK_DEFAULT_ACCOUNT/REGION from the credentials it deploys with; without them the stack is
// environment-agnostic.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const app = new App();
try {
  const deploy = loadDeploySettings({ tryGetContext: (key) => app.node.tryGetContext(key) });
  new DeflectStack(app, "ConnectDeflect", {
    deploy,
    ...(account && region ? { env: { account, region } } : {}),
  });
  addNagChecks(app);
  const { findings, acknowledged } = readNagReport(app.synth().directory);
  console.error(
    `cdk-nag AwsSolutions: ${findings.length} findings, ${acknowledged.length} acknowledged with reasons (validation-report.json in the output directory)`,
  );
  if (findings.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
