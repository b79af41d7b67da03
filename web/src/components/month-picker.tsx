// Pick a month: a select and a button (changing the select alone does not move the page, WCAG 3.2.2).
import { useState } from 'preact/hooks';
import { monthName } from '../format.ts';

export function MonthPicker({
  months,
  current,
  to,
}: {
  months: string[];
  current: string;
  to: (period: string) => string;
}) {
  const [choice, setChoice] = useState(current);
  const sorted = [...new Set(months)].sort().reverse();
  return (
    <form
      class="govuk-!-margin-bottom-6"
      data-testid="month-picker"
      onSubmit={(e) => {
        e.preventDefault();
        location.hash = to(choice);
      }}
    >
      <div class="govuk-form-group govuk-!-margin-bottom-2">
        <label class="govuk-label" for="month">
          Month
        </label>
        <select
          class="govuk-select"
          id="month"
          value={choice}
          onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}
        >
          {sorted.map((m) => (
            <option key={m} value={m}>
              {monthName(m)}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
          Show month
        </button>
      </div>
    </form>
  );
}
