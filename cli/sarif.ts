// The report as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
// for `--sarif <file>` and GitHub code scanning: each finding is a result, each finding id a rule
// with its severity and spec link. The checked server is not a file in the repository, so a result's
// location is the server URL as an artifact plus the step as a logical location (§3.33).
// The conformance section adds one rule per requirement of the revision checked (id = the stable
// requirement id, helpUri = its spec section, MUST as error and SHOULD as warning) and one result
// per failed requirement. Met, not-applicable and untested requirements are not results (GitHub code
// scanning turns every result into an alert); the whole table, status included, is in each rule's
// properties and in the run's properties.conformance.
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
  properties: { tags: string[]; level?: 'MUST' | 'SHOULD'; status?: string; suiteIds?: string[] };
}

type Requirement = NonNullable<Report['conformance']>['requirements'][number];
const REQUIREMENT_LEVEL: Record<Requirement['level'], 'error' | 'warning'> = { MUST: 'error', SHOULD: 'warning' };

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
  const requirements = report.conformance?.requirements ?? [];
  for (const r of requirements) {
    ruleIndex.set(r.id, rules.length);
    rules.push({
      id: r.id,
      name: `mcp-requirement-${r.id.replace(/[^a-z0-9]+/gi, '-')}`,
      shortDescription: { text: `${r.level} ${r.id} (MCP ${report.conformance!.revision})` },
      helpUri: r.specUrl,
      defaultConfiguration: { level: REQUIREMENT_LEVEL[r.level] },
      properties: { tags: ['mcp', 'conformance', r.level], level: r.level, status: r.status, ...(r.suiteIds ? { suiteIds: r.suiteIds } : {}) },
    });
  }
  const failedRequirements = requirements
    .filter((r) => r.status === 'failed')
    .map((r) => ({
      ruleId: r.id,
      ruleIndex: ruleIndex.get(r.id) ?? 0,
      level: REQUIREMENT_LEVEL[r.level],
      message: { text: `${r.level} requirement ${r.id} of MCP ${report.conformance!.revision} failed${r.stepId ? ` (step ${r.stepId})` : ''}: ${r.specUrl}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: report.url } },
          ...(r.stepId ? { logicalLocations: [{ name: r.stepId, kind: 'function' }] } : {}),
        },
      ],
    }));
  const findingResults = report.findings.map((f) => ({
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
        properties: {
          verdict: VERDICT_LABEL[report.verdict],
          era: report.era,
          url: report.url,
          ...(report.conformance ? { conformance: { revision: report.conformance.revision, must: report.conformance.must, should: report.conformance.should, requirements: requirements.map((r) => ({ id: r.id, level: r.level, status: r.status })) } } : {}),
        },
        results: [...findingResults, ...failedRequirements],
      },
    ],
  };
}
