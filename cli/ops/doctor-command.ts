import { DEMO } from "../../sandbox/demo-instance.ts";
import { parseCommandArgs } from "./command-args.ts";
import { runDoctor } from "./doctor-run.ts";
import { resolveTarget } from "./doctor-target.ts";
import type { OpsCommand } from "./ops-command.ts";
import { UsageError } from "./usage-error.ts";

const DOCTOR_OPTIONS = {
  outputs: { type: "string" },
  stack: { type: "string" },
  config: { type: "string" },
  instance: { type: "string" },
  secret: { type: "string" },
  table: { type: "string" },
  topic: { type: "string" },
  region: { type: "string" },
  queue: { type: "string", multiple: true },
  "flow-prefix": { type: "string" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  "connect-endpoint": { type: "string" },
  "secrets-endpoint": { type: "string" },
  "sns-endpoint": { type: "string" },
} as const;

export const doctorCommand: OpsCommand = {
  name: "doctor",
  summary: "check a live installation: flows, functions, table, policies, secret, topic, platforms",
  help: `Usage: npm run ops -- doctor --outputs <file> [flags]

Reads the installation with your AWS credentials (nothing is written) and prints one line
per item, OK or what to fix, then a summary: the product's flows exist and are published,
the functions they invoke are added to the instance, the table is ACTIVE with its stream on
and TTL on expiresAt, every queue in use has a threshold policy (shadow and off are named),
the secret holds every key the enabled channels need (key names only, never values), Connect
may publish to the streaming topic, and each platform in use accepts its credentials (one
read-only call: Twilio account, Meta /me, X users/me, Telegram getMe, LINE bot info).
Exit status: 0 all OK, 1 something to fix, 2 bad usage.

Where the installation is (a flag wins over a file):
  --outputs <file>            what \`cdk deploy --outputs-file <file>\` wrote (TableName,
                              ChatStreamingTopicArn, ConnectInstanceArn, ChannelSecretArn, …)
  --stack <name>              the stack in that file (default: the only one, or ConnectDeflect)
  --config <file>             the deploy settings (deploy.config.json): connectInstanceArn,
                              channelSecretArn
  --instance <arn>            the Connect instance ARN
  --secret <arn>              the channel secret's ARN
  --topic <arn>               the chat streaming topic's ARN
  --table <name>              the table (default: $DEFLECT_TABLE_NAME)
  --region <region>           default: the instance ARN's
  --queue <id>                check this queue's policy too (repeatable); the queues the flows
                              route to and those with a policy are always checked
  --flow-prefix <text>        the flows' names start with this in the instance (default: deflect-)

Local stand-ins:
  --local                     the sandbox as \`npm start\` sets it up, its table on .data/dynamodb
  --endpoint <url>            DynamoDB (default: $DEFLECT_DYNAMODB_ENDPOINT)
  --connect-endpoint <url>    Amazon Connect
  --secrets-endpoint <url>    Secrets Manager
  --sns-endpoint <url>        SNS`,
  async run(args, context) {
    const { values } = parseCommandArgs({ args, flags: DOCTOR_OPTIONS, positionals: [] });
    if (values.local) {
      const located = Object.keys(values).filter((flag) => flag !== "local");
      if (located.length > 0) {
        throw new UsageError(`--local checks the sandbox; leave out --${located.join(", --")}`);
      }
      // Loaded here, so the other commands do not load the emulators.
      const { startSandboxInstallation } = await import("./doctor-sandbox.ts");
      const sandbox = await startSandboxInstallation(context.localDataDir ?? DEMO.dataDir);
      try {
        const { installation: target, endpoints, access } = sandbox;
        return exitStatus(await runDoctor({ target, endpoints, access, out: context.stdout }));
      } finally {
        await sandbox.close();
      }
    }
    const { installation, endpoints } = await resolveTarget(values, context.env);
    return exitStatus(await runDoctor({ target: installation, endpoints, out: context.stdout }));
  },
};

function exitStatus(findings: readonly { status: string }[]): number {
  return findings.some((finding) => finding.status === "fix") ? 1 : 0;
}
