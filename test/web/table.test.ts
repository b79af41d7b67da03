// The shared GOV.UK table (web/src/components/table.tsx) renders the markup the pages wrote out by
// hand before it: caption classes, a header row with numeric columns right-aligned, the rows' parts.
import { Fragment, h, type VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { Cell, numeric, Row, RowHeader, Table } from '../../web/src/components/table.tsx';

/** A small server render: function components called, elements written as HTML (no escaping needed here). */
function html(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (Array.isArray(node)) return node.map(html).join('');
  if (typeof node !== 'object') return String(node);
  const { type, props } = node as VNode<Record<string, unknown>>;
  if (type === Fragment) return html(props.children);
  if (typeof type === 'function') return html((type as (p: unknown) => unknown)(props));
  const attributes = Object.entries(props)
    .filter(([k, v]) => k !== 'children' && v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${String(v)}"`))
    .join('');
  return `<${type}${attributes}>${html(props.children)}</${type}>`;
}

const head = (...columns: string[]) =>
  `<thead class="govuk-table__head"><tr class="govuk-table__row">${columns.join('')}</tr></thead>`;
const col = (label: string) => `<th scope="col" class="govuk-table__header">${label}</th>`;
const num = (label: string) =>
  `<th scope="col" class="govuk-table__header govuk-table__header--numeric">${label}</th>`;

describe('Table', () => {
  it('writes the caption, the header row (numeric columns right-aligned) and the rows in the body', () => {
    const table = h(
      Table,
      {
        columns: ['Cluster', numeric('Hours')],
        caption: 'Each cluster',
        captionHidden: true,
        'data-testid': 'clusters',
      },
      h(Row, { 'data-cluster': 'C1' }, h(RowHeader, null, 'North'), h(Cell, { numeric: true }, '12')),
    );
    expect(html(table)).toBe(
      '<table class="govuk-table" data-testid="clusters">' +
        '<caption class="govuk-table__caption govuk-visually-hidden">Each cluster</caption>' +
        head(col('Cluster'), num('Hours')) +
        '<tbody class="govuk-table__body"><tr class="govuk-table__row" data-cluster="C1">' +
        '<th scope="row" class="govuk-table__header">North</th>' +
        '<td class="govuk-table__cell govuk-table__cell--numeric">12</td></tr></tbody></table>',
    );
  });

  it('sizes a caption, leaves it out when there is none, and scrolls in a named box when asked', () => {
    const sized = html(h(Table, { columns: ['A'], caption: 'Months', captionSize: 'm' }, null));
    expect(sized).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Months</caption>');
    const both = html(
      h(Table, { columns: ['A'], caption: 'Alerts', captionSize: 's', captionHidden: true }, null),
    );
    expect(both).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Alerts</caption>',
    );
    const bare = html(h(Table, { columns: ['A', 'B'] }, null));
    expect(bare).toBe(
      `<table class="govuk-table">${head(col('A'), col('B'))}<tbody class="govuk-table__body"></tbody></table>`,
    );
    const scrolled = html(h(Table, { columns: ['A'], scroll: 'Due (table)' }, null));
    expect(scrolled).toMatch(
      /^<section class="cs-table-scroll" tabIndex="0" aria-label="Due \(table\)"><table class="govuk-table">.*<\/table><\/section>$/,
    );
  });

  it('marks a cell numeric or kept on one line, and passes its attributes on', () => {
    expect(html(h(Cell, null, 'x'))).toBe('<td class="govuk-table__cell">x</td>');
    expect(html(h(Cell, { nowrap: true, 'data-testid': 'when' }, 'May'))).toBe(
      '<td class="govuk-table__cell cs-nowrap" data-testid="when">May</td>',
    );
    expect(html(h(Cell, { numeric: true, nowrap: true }, '1'))).toBe(
      '<td class="govuk-table__cell govuk-table__cell--numeric cs-nowrap">1</td>',
    );
  });
});
