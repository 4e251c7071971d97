// The report as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
// for `--sarif <file>` and GitHub code scanning: each finding is a result, each finding id a rule
// with its severity and spec link. The checked server is not a file in the repository, so a result's
// location is the server URL as an artifact plus the step as a logical location (§3.33).
import type { Finding, Report } from '../lib/report/schema';
import { VERDICT_LABEL } from '../lib/report/summary';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';


/** SARIF §3.27.10 `level`: our info is SARIF's note. */
const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[] };
}

export function toSarif(report: Report, toolVersion: string): object {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of report.findings) {
    if (ruleIndex.has(f.id)) continue;
    ruleIndex.set(f.id, rules.length);
    rules.push({
      id: f.id,
      name: `mcp-${f.id}`,
      // A rule's description is the first message seen for it; the results carry their own.
      shortDescription: { text: f.message.slice(0, 1000) },
      ...(f.specUrl ? { helpUri: f.specUrl } : {}),
      defaultConfiguration: { level: LEVEL[f.severity] },
      properties: { tags: ['mcp', f.bestPractice ? 'best-practice' : 'specification'] },
    });
  }
  const results = report.findings.map((f) => ({
    ruleId: f.id,
    ruleIndex: ruleIndex.get(f.id) ?? 0,
    level: LEVEL[f.severity],
    message: { text: f.evidence ? `${f.message} (seen: ${f.evidence})` : f.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: report.url } },
        ...(f.stepId ? { logicalLocations: [{ name: f.stepId, kind: 'function' }] } : {}),
      },
    ],
  }));
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mcp-health', version: toolVersion, rules } },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.checkedAt }],
        properties: { verdict: VERDICT_LABEL[report.verdict], era: report.era, url: report.url },
        results,
      },
    ],
  };
}
