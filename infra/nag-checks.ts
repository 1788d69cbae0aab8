import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, Stack, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
// How IAM5 spells a resource in its finding id (tokens as <Ref>); not re-exported by cdk-nag.
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference.js";
import type { IConstruct } from "constructs";

const PACK = "AwsSolutions";

/**
 * Runs cdk-nag's AwsSolutions rules as a CDK validation plugin: every synth checks the
 * stack, and an unacknowledged error fails it. The report lands in the assembly directory.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Acknowledges one AwsSolutions finding on the construct that raises it, with a reason a
 * reviewer can check. `finding` is the rule with its detail, e.g. `IAM5[Resource::*]`; the
 * plugin-qualified id keeps the finding and its reason in the validation report.
 */
export function acknowledgeNag(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${PACK}::${PACK}-${finding}`, reason });
}

/** Acknowledges IAM5's finding for one wildcard resource (an ARN, tokens allowed) on a role. */
export function acknowledgeWildcardResource(role: IConstruct, arn: string, reason: string): void {
  const resource = flattenCfnReference(Stack.of(role).resolve(arn));
  acknowledgeNag(role, `IAM5[Resource::${resource}]`, reason);
}

export interface NagFinding {
  readonly rule: string;
  readonly path: string;
  readonly severity: string;
  /** Set when the finding was acknowledged. */
  readonly reason?: string;
}

interface ReportViolation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
  readonly reason?: string;
}

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly ReportViolation[];
    readonly suppressedViolations?: readonly ReportViolation[];
  }[];
}

/**
 * The AwsSolutions findings of a synthesized assembly, errors and warnings alike, and those
 * acknowledged, from CDK's validation-report.json (written on every synth with a plugin).
 */
export function readNagReport(assemblyDirectory: string): {
  findings: NagFinding[];
  acknowledged: NagFinding[];
} {
  const path = join(assemblyDirectory, "validation-report.json");
  const report = JSON.parse(readFileSync(path, "utf8")) as ValidationReport;
  const nag = report.pluginReports.filter((p) => p.pluginName === PACK);
  const flatten = (violations: readonly ReportViolation[]) =>
    violations.flatMap((v) =>
      v.violatingConstructs.map((c) => ({
        rule: v.ruleName,
        path: c.constructPath,
        severity: v.severity,
        ...(v.reason ? { reason: v.reason } : {}),
      })),
    );
  return {
    findings: flatten(nag.flatMap((p) => p.violations)),
    acknowledged: flatten(nag.flatMap((p) => p.suppressedViolations ?? [])),
  };
}
