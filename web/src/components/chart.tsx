// A chart drawn by Observable Plot (axes, scales and labels by the library), with its data as a
// table beside it for those who cannot see it. Plot puts a <style> element inside each chart, which
// the CSP (style-src 'self') refuses: it is removed before the chart joins the page, and its rules
// live in styles.scss under .cs-plot.
import type * as PlotModule from '@observablehq/plot';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { TableScroll } from './table-scroll.tsx';

export function Chart({
  title,
  draw,
  deps,
  table,
  legend,
}: {
  title: string;
  draw: (plot: typeof PlotModule) => SVGSVGElement | HTMLElement;
  deps: unknown[];
  table?: ComponentChildren;
  legend?: { label: string; colour: string }[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let live = true;
    void loadPlot().then((plot) => {
      if (live) show(el, draw(plot), title);
    });
    return () => {
      live = false;
      el.replaceChildren();
    };
  }, deps);
  return (
    <figure class="cs-chart" data-testid="chart">
      <figcaption class="govuk-heading-s">{title}</figcaption>
      {legend ? (
        <ul class="cs-legend" aria-hidden="true">
          {legend.map((l) => (
            <li key={l.label} class="govuk-body-s">
              <span class="cs-swatch" style={{ background: l.colour }} />
              {l.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div ref={box} />
      {table ? (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">The chart's data as a table</span>
          </summary>
          <div class="govuk-details__text">
            <TableScroll label={`${title} (table)`}>{table}</TableScroll>
          </div>
        </details>
      ) : null}
    </figure>
  );
}

/** Plot (with d3) is loaded with the first chart, so pages without charts load less. */
let plotModule: Promise<typeof PlotModule> | undefined;
function loadPlot(): Promise<typeof PlotModule> {
  plotModule ??= import('@observablehq/plot');
  return plotModule;
}

function show(el: HTMLElement, chart: SVGSVGElement | HTMLElement, title: string): void {
  for (const style of Array.from(chart.querySelectorAll('style'))) style.remove();
  // The chart is one image, named by its title (its data is in the table beside it): Plot's
  // labels on its inner groups would be names on elements that may not have one.
  for (const el of Array.from(chart.querySelectorAll('[aria-label], [aria-description]'))) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  chart.removeAttribute('aria-description');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', title);
  el.replaceChildren(chart);
}

/** 'YYYY-MM' as the first day of the month, for Plot's time scales. */
export function monthDate(period: string): Date {
  return new Date(`${period}-01T00:00:00Z`);
}

export const ratingColours: Record<string, string> = {
  Outstanding: '#0f7a52',
  Good: '#158187',
  'Requires improvement': '#f47738',
  Inadequate: '#ca3535',
  'Not scored': '#858686',
};
export const tierColours: Record<string, string> = {
  Low: '#0f7a52',
  Moderate: '#ffdd00',
  High: '#f47738',
  Critical: '#ca3535',
};
