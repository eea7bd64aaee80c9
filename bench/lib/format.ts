// Number formats shared by the goals table and the report.
export const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
export const ms = (value: number): string => `${fmt(value, value < 10 ? 1 : 0)} ms`;
export const perSecond = (value: number): string => `${fmt(value)}/s`;
/** Three digits below 1, two above. */
export const ratioText = (value: number): string => fmt(value, value < 1 ? 3 : 2);
