// The SQS event a queue-triggered Lambda receives: only the fields the handlers use.
import * as z from '../../domain/zod.ts';

const sqsRecordSchema = z.object({
  messageId: z.string().check(z.minLength(1)),
  body: z.string(),
  /** On a FIFO queue, the record's message group. */
  attributes: z.optional(z.object({ MessageGroupId: z.optional(z.string()) })),
});

export const sqsEventSchema = z.object({
  Records: z.array(sqsRecordSchema),
});

export type SqsRecord = z.infer<typeof sqsRecordSchema>;
