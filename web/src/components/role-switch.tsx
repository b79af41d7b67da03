// Local only, no sign-in: a clearly marked switch that picks whose eyes the page sees with. On AWS
// the role comes from the sign-in instead and this switch is not shown.
import { useState } from 'preact/hooks';
import { headerOf, parseRole, type Role } from '../role.ts';
import type { ProviderRef } from '../types.ts';

export function RoleSwitch({
  role,
  providers,
  onRole,
}: {
  role: Role;
  providers: ProviderRef[];
  onRole: (role: Role) => void;
}) {
  const [choice, setChoice] = useState(headerOf(role));
  return (
    <div class="cs-role-banner" data-testid="role-switch">
      <div class="govuk-width-container">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const next = parseRole(choice);
            if (next) onRole(next);
          }}
        >
          <strong class="govuk-tag govuk-tag--yellow">Local demo, no sign-in</strong>
          <div class="govuk-form-group">
            <label class="govuk-label" for="viewing-as">
              Viewing as
            </label>
            <select
              class="govuk-select"
              id="viewing-as"
              name="viewing-as"
              value={choice}
              onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}
            >
              <option value="commissioner">Commissioner (the council)</option>
              {providers.map((p) => (
                <option key={p.provider_id} value={`provider:${p.provider_id}`}>
                  Provider {p.provider_id} – {p.provider_name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
            Switch
          </button>
        </form>
      </div>
    </div>
  );
}
