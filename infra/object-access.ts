// Least-privilege S3 access by key prefix: each statement names its actions and its prefixes, and
// the customer key is granted only the operations those actions need. Object keys under a prefix
// (submission, period and provider ids) are made at run time, so a prefix wildcard is as narrow as
// S3 allows; each one is acknowledged to cdk-nag here, with the grantee and prefix in the reason.
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeWildcardResource } from './nag-findings.ts';

export interface ObjectAccess {
  /** Prefixes (ending in '/') whose objects may be read (GetObject, which also allows HEAD). */
  readonly read?: readonly string[];
  /** Prefixes whose objects may be read by version id (GetObjectVersion), pinning what was read. */
  readonly readVersions?: readonly string[];
  /**
   * Prefixes whose objects may be written (PutObject, multipart uploads included). No
   * AbortMultipartUpload: a failed upload's parts are cleared by the bucket's lifecycle rule.
   */
  readonly write?: readonly string[];
  /** Prefixes whose objects may be deleted. */
  readonly delete?: readonly string[];
  /**
   * ListBucket on the whole bucket. Besides listing, it is what makes S3 answer a missing key with
   * 404 rather than 403, which the object store relies on to tell "absent" from "forbidden".
   * @default false
   */
  readonly list?: boolean;
}

export interface ObjectAccessTarget {
  readonly bucket: s3.IBucket;
  /** The bucket's SSE-KMS key. @default none (S3-managed encryption) */
  readonly key?: kms.IKey;
  /** Names the bucket in acknowledgement reasons, e.g. 'lake'. */
  readonly label: string;
}

/** A role, or a managed policy for people's roles, that statements can be added to. */
export type PolicyHolder = iam.Role | iam.ManagedPolicy;

export function addStatement(holder: PolicyHolder, statement: iam.PolicyStatement): void {
  if (holder instanceof iam.Role) holder.addToPrincipalPolicy(statement);
  else holder.addStatements(statement);
}

export function grantObjectAccess(
  holder: PolicyHolder,
  target: ObjectAccessTarget,
  access: ObjectAccess,
): void {
  const { bucket, key, label } = target;
  const grants: [string[], readonly string[] | undefined, string][] = [
    [['s3:GetObject'], access.read, 'reads'],
    [['s3:GetObjectVersion'], access.readVersions, 'reads versions of'],
    [['s3:PutObject'], access.write, 'writes'],
    [['s3:DeleteObject'], access.delete, 'deletes'],
  ];
  for (const [actions, prefixes, verb] of grants) {
    if (!prefixes?.length) continue;
    const resources = prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    addStatement(holder, new iam.PolicyStatement({ actions, resources }));
    for (const [i, resource] of resources.entries())
      acknowledgeWildcardResource(
        holder,
        resource,
        `${holder.node.id} ${verb} objects under ${prefixes[i]} in the ${label} bucket; the keys below that prefix carry ids made at run time, so the prefix is the narrowest grant.`,
      );
  }
  if (access.list)
    addStatement(
      holder,
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
  if (key) {
    const keyActions = [
      ...(access.read?.length || access.readVersions?.length || access.write?.length ? ['kms:Decrypt'] : []),
      ...(access.write?.length ? ['kms:GenerateDataKey'] : []),
    ];
    if (keyActions.length)
      addStatement(holder, new iam.PolicyStatement({ actions: keyActions, resources: [key.keyArn] }));
  }
}
