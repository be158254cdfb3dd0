import type { ComponentChildren } from 'preact';

/** A page section named by its heading (`${id}-title`), for landmarks and the outline. */
export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}
