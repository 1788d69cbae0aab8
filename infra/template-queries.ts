import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CfnFunction, IFunction } from "aws-cdk-lib/aws-lambda";

/** One IAM policy statement as it stands in the template. */
export interface TemplateStatement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Effect: string;
}

/**
 * Reads a synthesized stack the way the infra tests ask about it: a function's logical id,
 * environment, and the statements and actions of the policies on its role.
 */
export function templateQueries(stack: Stack) {
  const template = Template.fromStack(stack);
  const logicalId = (fn: IFunction) => stack.getLogicalId(fn.node.defaultChild as CfnFunction);
  const functionResource = (fn: IFunction) =>
    template.findResources("AWS::Lambda::Function")[logicalId(fn)];
  const statementsOf = (fn: IFunction): TemplateStatement[] => {
    const roleId = stack.getLogicalId(fn.role?.node.defaultChild as CfnFunction);
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(roleId),
    );
    return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
  };
  return {
    template,
    logicalId,
    functionResource,
    environmentOf: (fn: IFunction): Record<string, unknown> =>
      functionResource(fn)?.Properties.Environment.Variables ?? {},
    statementsOf,
    actionsOf: (fn: IFunction): string[] => statementsOf(fn).flatMap((s) => [s.Action].flat()),
  };
}
