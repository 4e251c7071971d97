// Dates as every page writes them: UTC, so every reader (and the server that rendered the page) sees the same words.
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hour12: false });

/** "17 January 2026": server-rendered pages show UTC so every reader sees the same words. */
export function formatDate(d: Date): string {
  return DATE.format(d);
}

/** "17 January 2026, 12:00 UTC" */
export function formatDateTime(d: Date): string {
  return `${DATE_TIME.format(d)} UTC`;
}
