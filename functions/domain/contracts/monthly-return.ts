import * as z from '../zod.ts';
import { defineContract, notMoreThan, type RowIssue } from './contract.ts';
import { choice, count, hours, period, text } from './fields.ts';

const serviceCodes = ['HC', 'SIS', 'SISP', 'ECS', 'D2A'] as const;

export const monthlyReturn = defineContract({
  type: 'monthly-return',
  title: 'Monthly KPI return',
  owner: 'provider',
  table: 'monthly_return',
  storage: 'append',
  key: ['provider_id', 'branch_id', 'service_code', 'period'],
  schema: z.object({
    provider_id: text('Your provider id, as in the council provider register', 'P001', 40),
    branch_id: text('The CQC location id of the branch', '1-1234567890', 40),
    service_code: choice(serviceCodes, 'Service: HC, SIS, SISP, ECS or D2A'),
    period: period('The month this return reports on, YYYY-MM'),
    calls_scheduled: count('Calls scheduled in the month', 4200),
    calls_late_early: count('Calls 45 minutes or more outside the agreed time (not missed)', 90),
    calls_missed: count('Calls not made, or more than 2 hours late', 3),
    calls_double_handed: count('Calls needing two workers', 300),
    calls_double_handed_on_time: count('Double-handed calls with both workers on time', 290),
    hours_commissioned: hours('Hours commissioned in the month', 1800),
    hours_delivered: hours('Hours delivered in the month', 1770.5),
    hours_invoiced: hours('Hours invoiced for the month', 1770.5),
    people_served: count('People who received care in the month', 60),
    people_trusted_team_ok: count('People whose care came from a trusted team of 4 or fewer workers', 48),
    packages_new: count('New packages started in the month', 6),
    care_plans_by_second_visit: count('New packages with a care plan in place by the second visit', 6),
    complaints_closed: count('Complaints closed in the month', 2),
    complaints_closed_in_20wd: count('Complaints closed within 20 working days', 2),
    notifications_due: count('Notifications due to the council or CQC', 3),
    notifications_on_time: count('Notifications made on time', 3),
  }),
  periodOf: (row) => row.period,
  check(row, context) {
    const issues: RowIssue[] = [];
    if (row.calls_late_early + row.calls_missed > row.calls_scheduled) {
      issues.push({
        column: 'calls_missed',
        severity: 'error',
        message: `calls_late_early (${row.calls_late_early}) + calls_missed (${row.calls_missed}) is more than calls_scheduled (${row.calls_scheduled}): late, early and missed calls are part of the scheduled calls`,
      });
    }
    notMoreThan(
      issues,
      'calls_double_handed',
      row.calls_double_handed,
      'calls_scheduled',
      row.calls_scheduled,
      'double-handed calls are part of the scheduled calls',
    );
    notMoreThan(
      issues,
      'calls_double_handed_on_time',
      row.calls_double_handed_on_time,
      'calls_double_handed',
      row.calls_double_handed,
      'on-time double-handed calls are part of the double-handed calls',
    );
    notMoreThan(
      issues,
      'people_trusted_team_ok',
      row.people_trusted_team_ok,
      'people_served',
      row.people_served,
      'people with a trusted team are part of the people served',
    );
    notMoreThan(
      issues,
      'care_plans_by_second_visit',
      row.care_plans_by_second_visit,
      'packages_new',
      row.packages_new,
      'care plans by the second visit are counted among the new packages',
    );
    notMoreThan(
      issues,
      'complaints_closed_in_20wd',
      row.complaints_closed_in_20wd,
      'complaints_closed',
      row.complaints_closed,
      'complaints closed within 20 working days are part of the complaints closed',
    );
    notMoreThan(
      issues,
      'notifications_on_time',
      row.notifications_on_time,
      'notifications_due',
      row.notifications_due,
      'notifications on time are part of the notifications due',
    );
    if (row.period > context.receivedMonth) {
      issues.push({
        column: 'period',
        severity: 'error',
        message: `period ${row.period} is after the month the file was received (${context.receivedMonth}): a return can only report on a month that has started`,
      });
    }
    if (row.hours_delivered > 1.5 * row.hours_commissioned) {
      issues.push({
        column: 'hours_delivered',
        severity: 'warning',
        message: `hours_delivered (${row.hours_delivered}) is more than 1.5 times hours_commissioned (${row.hours_commissioned}); please check both figures`,
      });
    }
    return issues;
  },
});
