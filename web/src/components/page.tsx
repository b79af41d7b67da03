// What every page has: a <title>, one h1 that takes focus when the page changes (so a screen reader
// hears where it is), and the same way of showing that data is loading or could not be had.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function Page({
  title,
  caption,
  children,
}: {
  title: string;
  caption?: string;
  children?: ComponentChildren;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – carescore`;
    h1.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <>
      {caption ? <span class="govuk-caption-l">{caption}</span> : null}
      <h1 class="govuk-heading-l" tabIndex={-1} ref={h1} data-testid="page-title">
        {title}
      </h1>
      {children}
    </>
  );
}

export function Loading() {
  return (
    <p class="govuk-body" role="status" data-testid="loading">
      Loading…
    </p>
  );
}

export function Failure({ error }: { error: Error }) {
  return (
    <div class="govuk-error-summary" data-testid="failure">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{error.message}</p>
        </div>
      </div>
    </div>
  );
}

export function Tag({ text, colour }: { text: string; colour?: string }) {
  return <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{text}</strong>;
}

const ratingColours: Record<string, string> = {
  Outstanding: 'green',
  Good: 'teal',
  'Requires improvement': 'yellow',
  Inadequate: 'red',
  'Not scored': 'grey',
};
export function RatingTag({ rating }: { rating: string | null | undefined }) {
  return <Tag text={rating ?? 'Not scored'} colour={ratingColours[rating ?? ''] ?? 'grey'} />;
}

const tierColours: Record<string, string> = {
  Low: 'green',
  Moderate: 'yellow',
  High: 'orange',
  Critical: 'red',
};
export function TierTag({ tier }: { tier: string | null | undefined }) {
  return <Tag text={tier ?? '—'} colour={tierColours[tier ?? ''] ?? 'grey'} />;
}

const statusWords: Record<string, [string, string]> = {
  accepted: ['Accepted', 'green'],
  accepted_with_warnings: ['Accepted with warnings', 'yellow'],
  partially_accepted: ['Partly accepted', 'orange'],
  rejected: ['Rejected', 'red'],
  on_time: ['Received on time', 'green'],
  late: ['Received late', 'orange'],
  missing: ['Missing', 'red'],
  awaited: ['Not yet due', 'grey'],
  due: ['Due', 'blue'],
};
export function StatusTag({ status }: { status: string }) {
  const [text, colour] = statusWords[status] ?? [status.replace(/_/g, ' '), 'grey'];
  return <Tag text={text} colour={colour} />;
}
