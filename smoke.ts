import { runCheck } from './lib/check';
const r = await runCheck({ url: process.argv[2]! });
console.log(JSON.stringify({ verdict: r.verdict, era: r.era, summary: r.summary, v: r.supportedVersions, tools: r.tools.length, res: r.resources?.length, prompts: r.prompts?.length, tmpl: r.resourceTemplates?.length, ms: r.durationMs, compat: r.compat, findings: r.findings.map(f=>[f.id,f.severity,f.message]), steps: r.steps.map(s => [s.name, s.status, s.latencyMs, s.notes]) }, null, 0).replace(/\],\[/g,'],\n['));
