// What each bench part hands back to the runner (e2e/bench/run.ts), which prints the table and
// writes docs/benchmarks.md.

export interface Row {
  /** Which part of the issue (1–5). */
  part: number;
  figure: string;
  target: string;
  measured: string;
  /** undefined: informational, or not run. */
  pass?: boolean;
  /** Not measured on this run (a dependency has not landed, or the part was skipped). */
  notRun?: string;
}

export interface PartResult {
  rows: Row[];
  /** Free-form lines for the doc (calibration, per-check timelines, counts). */
  notes: string[];
}
