/** How `tributary report` prints: aligned text, CSV, or JSON Lines. */
export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
