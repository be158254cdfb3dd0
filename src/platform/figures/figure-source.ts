import type { Tx } from '../../db/database.js';

type Text = { fr: string; en: string };

/** A half-open period [from, to) in UTC instants; callers build it from the tenant's calendar. */
export interface FigurePeriod {
  from: Date;
  to: Date;
}

/** A choice that narrows a figure (a report category, a prevention programme). */
export interface FigureOption {
  value: string;
  label: Text;
}

/**
 * A figure a module lets others read (a strategy's indicator, the observatory): a count over a period,
 * inside the tenant's transaction. Figures are exact; a page showing one to partners or the public
 * passes it through the small-number helper.
 */
export interface FigureSource {
  /** Stable id stored by readers: `<module-id>.<figure>` (e.g. `reports.received`). */
  id: string;
  label: Text;
  /** What is counted, in the plural (« signalements »), so that figures of different units are never added. */
  unit: Text;
  /** When the figure can be narrowed: the name of the choice and the tenant's choices. */
  option?: { label: Text; list(tx: Tx): Promise<FigureOption[]> };
  /** The figure for the period; `option` is one of `option.list`'s values or absent for all. */
  count(tx: Tx, period: FigurePeriod, option?: string): Promise<number>;
}
