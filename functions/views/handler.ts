// Views Lambda: the onEvent handler of a CloudFormation custom resource (custom_resources.Provider).
// Create and Update run each view's CREATE OR REPLACE VIEW, unchanged and in the given order, on
// Athena; Delete drops them newest first. Throwing reports the failure to CloudFormation.
import { Logger } from '@aws-lambda-powertools/logger';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { Context } from 'aws-lambda';
import { AthenaQueryEngine, runStatements } from '../adapters/athena-query-engine.ts';
import { parseEvent } from '../aws/events/parse-event.ts';
import {
  dropViewStatements,
  removedViews,
  type ViewsProperties,
  viewsPhysicalId,
  viewsPropertiesSchema,
  viewsResourceEventSchema,
} from '../aws/events/views-resource-event.ts';
import { logInvocation } from '../aws/lambda-logger.ts';
import { sdkClientOptions, viewsDeadlineMarginMs } from '../aws/timeouts.ts';
import { parseOnce } from '../domain/parse-once.ts';

export interface ViewsHandlerOptions {
  athena?: AthenaClient;
  /**
   * Builds the engine for a workgroup and database, no query waiting past `deadline` (ms on `now`'s
   * clock); tests pass one with a fast poll.
   */
  engine?: (
    client: AthenaClient,
    workGroup: string,
    database: string,
    deadline?: number,
  ) => AthenaQueryEngine;
  /** @default Date.now */
  now?: () => number;
}

export interface ViewsResponse {
  PhysicalResourceId: string;
  Data?: { Views: string };
}

const defaultEngine = (client: AthenaClient, workGroup: string, database: string, deadline?: number) =>
  new AthenaQueryEngine({ client, workGroup, database, ...(deadline === undefined ? {} : { deadline }) });

export function createViewsHandler(options: ViewsHandlerOptions = {}) {
  const athena = options.athena ?? new AthenaClient(sdkClientOptions('views'));
  const now = options.now ?? Date.now;
  const log = new Logger({ serviceName: 'views' });

  return async (event: unknown, context?: Context): Promise<ViewsResponse> =>
    logInvocation(log, context, async () => {
      // Every statement of this invocation shares what is left of the function's time: Athena's
      // polling stops (and says which view was slow) before Lambda would kill it mid-wait.
      const deadline = context?.getRemainingTimeInMillis
        ? now() + context.getRemainingTimeInMillis() - viewsDeadlineMarginMs
        : undefined;
      const engineFor = (properties: ViewsProperties) =>
        (options.engine ?? defaultEngine)(athena, properties.WorkGroup, properties.Database, deadline);
      const request = parseEvent(viewsResourceEventSchema, 'CloudFormation custom resource event', event);
      if (request.RequestType === 'Delete') {
        const properties = viewsPropertiesSchema.safeParse(request.ResourceProperties, parseOnce);
        // Properties this bad failed the Create, so nothing was made; failing here would block rollback.
        if (!properties.success) {
          log.warn('delete with invalid properties: nothing to drop', {
            physicalResourceId: request.PhysicalResourceId,
          });
          return { PhysicalResourceId: request.PhysicalResourceId };
        }
        await runStatements(engineFor(properties.data), dropViewStatements(properties.data.Views));
        log.info('views dropped', {
          database: properties.data.Database,
          views: properties.data.Views.length,
        });
        return { PhysicalResourceId: request.PhysicalResourceId };
      }

      const properties = parseEvent(
        viewsPropertiesSchema,
        'views resource properties',
        request.ResourceProperties,
      );
      const engine = engineFor(properties);
      await runStatements(engine, properties.Views);
      if (request.RequestType === 'Update') {
        const before = parseEvent(
          viewsPropertiesSchema,
          'old views resource properties',
          request.OldResourceProperties,
        );
        // Same database: views the update left out would linger. A new database gets a new
        // physical id, so CloudFormation deletes the old resource (and its views) itself.
        if (before.Database === properties.Database) {
          await runStatements(engine, dropViewStatements(removedViews(before.Views, properties.Views)));
        }
      }
      const names = properties.Views.map((view) => view.name);
      log.info('views created', {
        requestType: request.RequestType,
        database: properties.Database,
        views: names,
      });
      return { PhysicalResourceId: viewsPhysicalId(properties.Database), Data: { Views: names.join(',') } };
    });
}

export const handler = createViewsHandler();
