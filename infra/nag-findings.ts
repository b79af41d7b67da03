// cdk-nag names each IAM wildcard finding after the resource as written in the template
// (`AwsSolutions-IAM5[Resource::<LakeBucket1A2B.Arn>/raw/*]`). Building that name from the same
// token the grant used keeps an acknowledgement attached to its grant when logical ids change.
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/** Acknowledges, on `scope`, the wildcard finding for `resource`, with the reason it is needed. */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: wildcardResourceFinding(scope, resource), reason });
}
