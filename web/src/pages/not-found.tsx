import { Page } from '../components/page.tsx';
import { href } from '../router.ts';

export function NotFound({ message }: { message?: string }) {
  return (
    <Page title="Page not found">
      <p class="govuk-body">{message ?? 'There is no page at this address.'}</p>
      <p class="govuk-body">
        <a class="govuk-link" href={href()}>
          Go to the start page
        </a>
      </p>
    </Page>
  );
}
