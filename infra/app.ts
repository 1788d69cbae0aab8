import { App } from "aws-cdk-lib";
import { DeflectStack } from "./deflect-stack.ts";

// `npm run synth` writes the CloudFormation template to cdk.out/ (no AWS account needed).
// The CDK CLI sets CDK_DEFAULT_ACCOUNT/REGION when it deploys; without them the stack is
// environment-agnostic.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const app = new App({ outdir: "cdk.out" });
new DeflectStack(app, "ConnectDeflect", account && region ? { env: { account, region } } : {});
app.synth();
