// The CloudFormation custom resource event (custom_resources.Provider onEvent) for the Athena
// views: which workgroup and database, and each view's SQL in creation order.
import * as z from '../../domain/zod.ts';

/** A view name is interpolated into DROP VIEW, so it must be a plain identifier. */
const viewDefinitionSchema = z.object({
  name: z.string().check(z.regex(/^[a-z_][a-z0-9_]*$/, 'a view name is a lower-case SQL identifier')),
  sql: z.string().check(z.minLength(1)),
});

export type ViewDefinition = z.infer<typeof viewDefinitionSchema>;

// CloudFormation turns scalar properties into strings; a list may also arrive as JSON text.
const viewListSchema = z.pipe(
  z.transform((value: unknown) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value; // left for the array check to report
    }
  }),
  z.array(viewDefinitionSchema),
);

export const viewsPropertiesSchema = z.object({
  WorkGroup: z.string().check(z.minLength(1)),
  Database: z
    .string()
    .check(z.regex(/^[a-z0-9_]+$/, 'a Glue database name is lower-case letters, digits and _')),
  Views: viewListSchema,
});

export type ViewsProperties = z.infer<typeof viewsPropertiesSchema>;

// Properties are checked per request type (see the handler): a Delete must succeed even when the
// properties that made its Create fail are still invalid, or the stack cannot roll back.
export const viewsResourceEventSchema = z.discriminatedUnion('RequestType', [
  z.object({ RequestType: z.literal('Create'), ResourceProperties: z.unknown() }),
  z.object({
    RequestType: z.literal('Update'),
    PhysicalResourceId: z.string().check(z.minLength(1)),
    ResourceProperties: z.unknown(),
    OldResourceProperties: z.unknown(),
  }),
  z.object({
    RequestType: z.literal('Delete'),
    PhysicalResourceId: z.string().check(z.minLength(1)),
    ResourceProperties: z.unknown(),
  }),
]);

/** The same id for the life of a database's views: changing it would make CloudFormation delete them. */
export function viewsPhysicalId(database: string): string {
  return `carescore-views-${database}`;
}

/** The statements that remove views, newest first (a later view may select from an earlier one). */
export function dropViewStatements(views: readonly ViewDefinition[]): { name: string; sql: string }[] {
  return [...views]
    .reverse()
    .map((view) => ({ name: `drop ${view.name}`, sql: `DROP VIEW IF EXISTS ${view.name}` }));
}

/** Views an update leaves out, which it must drop so none lingers. */
export function removedViews(
  before: readonly ViewDefinition[],
  after: readonly ViewDefinition[],
): ViewDefinition[] {
  const kept = new Set(after.map((view) => view.name));
  return before.filter((view) => !kept.has(view.name));
}
