// On AWS, before anything else: sign in with the council's managed login (Cognito). A sign-in that
// ran out or failed says so in one sentence above the button.
import { useState } from 'preact/hooks';
import { Page } from '../components/page.tsx';

export function SignIn({ note, onSignIn }: { note: string | undefined; onSignIn: () => Promise<void> }) {
  const [failed, setFailed] = useState<string | null>(null);
  const [going, setGoing] = useState(false);
  const problem = failed ?? note;
  return (
    <Page title="Sign in">
      {problem ? (
        <div class="govuk-error-summary" data-testid="sign-in-note">
          <div role="alert">
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body">
              <p class="govuk-body">{problem}</p>
            </div>
          </div>
        </div>
      ) : null}
      <p class="govuk-body">
        Providers sign in to send their returns and read their scorecard; commissioners to see every
        provider's. You sign in on the council's sign-in page and come back here.
      </p>
      <button
        type="button"
        class="govuk-button govuk-button--start"
        data-testid="sign-in"
        disabled={going}
        onClick={() => {
          setGoing(true);
          onSignIn().catch((e: Error) => {
            setGoing(false);
            setFailed(
              `The sign-in page could not be reached (${e.message}): check your connection, then try again.`,
            );
          });
        }}
      >
        Sign in
      </button>
    </Page>
  );
}
