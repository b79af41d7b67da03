// A wide table in a box that scrolls sideways on a narrow screen; the box takes keyboard focus so
// it can be scrolled without a mouse (WCAG 2.1.1), and is named for screen readers.
import type { ComponentChildren } from 'preact';

export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section class="cs-table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
