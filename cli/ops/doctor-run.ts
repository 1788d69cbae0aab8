import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import { checkFlows, checkFunctions } from "./check-flows.ts";
import { checkPlatforms, type PlatformAccess } from "./check-platforms.ts";
import { checkPolicies } from "./check-policies.ts";
import { checkSecret } from "./check-secret.ts";
import { checkTable } from "./check-table.ts";
import { checkTopic } from "./check-topic.ts";
import { createDoctorClients } from "./doctor-clients.ts";
import { type Finding, fix, formatFinding, reasonOf, summarize } from "./doctor-report.ts";
import type { Endpoints, Installation } from "./doctor-target.ts";
import { type OpsOutput, printLine } from "./ops-context.ts";

/**
 * Checks one installation and prints a line per item as each group finishes, then a summary.
 * Returns every finding. Nothing is written anywhere: every call is a read.
 */
export async function runDoctor(options: {
  target: Installation;
  endpoints: Endpoints;
  access?: PlatformAccess;
  out: OpsOutput;
}): Promise<Finding[]> {
  const { target, out } = options;
  const clients = createDoctorClients(target, options.endpoints);
  const findings: Finding[] = [];
  const report = (found: readonly Finding[]) => {
    for (const finding of found) printLine(out, formatFinding(finding));
    findings.push(...found);
  };
  printLine(out, `Checking instance ${target.instanceId} in ${target.region}`);
  try {
    const flows = await guarded(
      () => checkFlows(clients.connect, target),
      (finding) => ({
        findings: [finding],
        functionArns: new Set<string>(),
        queueIds: new Set<string>(),
      }),
      "flows",
    );
    report(flows.findings);
    report(await checkFunctions(clients.connect, target, flows.functionArns));
    const table = await checkTable(clients.dynamo, target.tableName);
    report(table.findings);
    let policies: readonly QueuePolicy[] = [];
    if (table.exists) {
      const checked = await guarded(
        () => checkPolicies({ ...clients, target, flowQueueIds: flows.queueIds }),
        (finding) => ({ findings: [finding], policies: [] }),
        "queues",
      );
      report(checked.findings);
      policies = checked.policies;
    }
    const secret = await checkSecret({ ...clients, ...target, policies });
    report([secret.finding]);
    report([await checkTopic(clients.sns, target)]);
    report(
      await checkPlatforms({
        platforms: secret.platforms,
        values: secret.values,
        access: options.access ?? {},
      }),
    );
  } finally {
    clients.destroy();
  }
  printLine(out);
  printLine(out, summarize(findings));
  return findings;
}

/** A group that cannot even start (no such instance, no access) is one finding, not a crash. */
async function guarded<T>(
  check: () => Promise<T>,
  instead: (finding: Finding) => T,
  item: string,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    return instead(fix(item, `cannot be read: ${reasonOf(error)}`));
  }
}
