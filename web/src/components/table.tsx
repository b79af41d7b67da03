// A GOV.UK Frontend table (govuk-table): its caption, a header row from the columns, and the rows
// the page gives as children, optionally in a box that scrolls sideways (TableScroll). Row, Cell
// and RowHeader are its rows' parts, with the govuk classes.
import type { ComponentChildren, HTMLAttributes, TableHTMLAttributes, TdHTMLAttributes } from 'preact';
import { TableScroll } from './table-scroll.tsx';

/** A column's header: its text (or markup), right-aligned when the column holds numbers. */
export type Column = ComponentChildren | { label: ComponentChildren; numeric: true };

/** A numeric column's header. */
export const numeric = (label: ComponentChildren): Column => ({ label, numeric: true });

/** data-* attributes (data-testid and the pages' own), passed on as they are. */
type Data = { [name: `data-${string}`]: string | number | undefined };

const isNumeric = (c: Column): c is { label: ComponentChildren; numeric: true } =>
  typeof c === 'object' && c !== null && 'numeric' in c && c.numeric === true;

export function Table({
  columns,
  caption,
  captionSize,
  captionHidden = false,
  scroll,
  children,
  ...attributes
}: {
  columns: Column[];
  caption?: ComponentChildren;
  /** govuk-table__caption--s or --m. */
  captionSize?: 's' | 'm';
  /** The caption for screen readers only. */
  captionHidden?: boolean;
  /** In a sideways-scrolling box with this name. */
  scroll?: string;
  children?: ComponentChildren;
} & Omit<TableHTMLAttributes<HTMLTableElement>, 'class' | 'children'> &
  Data) {
  const captionClass = `govuk-table__caption${captionSize ? ` govuk-table__caption--${captionSize}` : ''}${captionHidden ? ' govuk-visually-hidden' : ''}`;
  const table = (
    <table class="govuk-table" {...attributes}>
      {caption === undefined ? null : <caption class={captionClass}>{caption}</caption>}
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {columns.map((c, k) => (
            <th
              key={k}
              scope="col"
              class={
                isNumeric(c) ? 'govuk-table__header govuk-table__header--numeric' : 'govuk-table__header'
              }
            >
              {isNumeric(c) ? c.label : c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="govuk-table__body">{children}</tbody>
    </table>
  );
  return scroll === undefined ? table : <TableScroll label={scroll}>{table}</TableScroll>;
}

export function Row({
  children,
  ...attributes
}: { children?: ComponentChildren } & Omit<HTMLAttributes<HTMLTableRowElement>, 'class' | 'children'> &
  Data) {
  return (
    <tr class="govuk-table__row" {...attributes}>
      {children}
    </tr>
  );
}

/** A row's heading cell (scope="row"). */
export function RowHeader({ children }: { children: ComponentChildren }) {
  return (
    <th scope="row" class="govuk-table__header">
      {children}
    </th>
  );
}

/** A data cell; numeric right-aligns it, nowrap keeps it on one line (dates). */
export function Cell({
  numeric: isNumber = false,
  nowrap = false,
  children,
  ...attributes
}: {
  numeric?: boolean;
  nowrap?: boolean;
  children?: ComponentChildren;
} & Omit<TdHTMLAttributes<HTMLTableCellElement>, 'class' | 'children'> &
  Data) {
  return (
    <td
      class={`govuk-table__cell${isNumber ? ' govuk-table__cell--numeric' : ''}${nowrap ? ' cs-nowrap' : ''}`}
      {...attributes}
    >
      {children}
    </td>
  );
}
