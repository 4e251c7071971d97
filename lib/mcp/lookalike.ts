// Tool names that pass for another tool (finding S22): a name that mixes scripts ("reаd_file" with a
// Cyrillic а), one whose confusable skeleton equals a well-known tool's name from a popular server
// while differing from it, and two tools of one catalogue whose skeletons collide. A model and a
// person pick a tool by its name; a lookalike can take calls meant for the tool it copies (tool
// shadowing). https://modelcontextprotocol.io/specification/2025-11-25/server/tools#security-considerations
// (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#security-considerations)
// and §Tool Names (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names):
// names should be unique and are compared exactly, so clients never notice a lookalike themselves.
//
// The skeleton is a small reading of Unicode TR #39 §4 Confusable Detection
// (https://www.unicode.org/reports/tr39/#Confusable_Detection): compatibility forms folded (NFKC),
// the Cyrillic, Greek and Armenian letters that render like Latin ones mapped to them, and the ASCII
// pairs that fonts blur (0/O/o, 1/I/l/|, rn/m, vv/w). It is not the full confusables table: it
// covers the characters tool names can be disguised with, and it is a warning, never a verdict change.
import type { Finding } from '../report/schema';
import { finding } from './findings';
import { visible } from './tool-review';

/**
 * Tool names of widely installed MCP servers, and the server each comes from (the reference servers
 * in github.com/modelcontextprotocol/servers and GitHub's official server). A lookalike of one of
 * these in another catalogue is the shadowing attack's usual shape. Exact matches are not flagged:
 * those servers and their forks legitimately use these names.
 */
export const WELL_KNOWN_TOOLS: Readonly<Record<string, string>> = {
  // @modelcontextprotocol/server-filesystem
  read_file: 'filesystem',
  read_text_file: 'filesystem',
  read_media_file: 'filesystem',
  read_multiple_files: 'filesystem',
  write_file: 'filesystem',
  edit_file: 'filesystem',
  create_directory: 'filesystem',
  list_directory: 'filesystem',
  list_directory_with_sizes: 'filesystem',
  directory_tree: 'filesystem',
  move_file: 'filesystem',
  search_files: 'filesystem',
  get_file_info: 'filesystem',
  list_allowed_directories: 'filesystem',
  // github/github-mcp-server
  create_issue: 'github',
  get_issue: 'github',
  list_issues: 'github',
  add_issue_comment: 'github',
  create_pull_request: 'github',
  merge_pull_request: 'github',
  get_file_contents: 'github',
  create_or_update_file: 'github',
  push_files: 'github',
  search_repositories: 'github',
  search_code: 'github',
  create_branch: 'github',
  fork_repository: 'github',
  // mcp-server-git
  git_status: 'git',
  git_diff: 'git',
  git_commit: 'git',
  git_log: 'git',
  git_add: 'git',
  // mcp-server-fetch, server-memory, mcp-server-time, server-sequential-thinking
  fetch: 'fetch',
  create_entities: 'memory',
  read_graph: 'memory',
  search_nodes: 'memory',
  get_current_time: 'time',
  sequentialthinking: 'sequential-thinking',
  // Playwright MCP
  browser_navigate: 'playwright',
  browser_click: 'playwright',
  browser_snapshot: 'playwright',
};

const ASCII = /^[\x21-\x7e]*$/;

/** Letters of these scripts have Latin lookalikes; a name mixing one of them with Latin letters is a disguise. */
const SCRIPTS = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
] as const;
type Script = (typeof SCRIPTS)[number][0];

function scriptOf(c: string): Script | undefined {
  return SCRIPTS.find(([, re]) => re.test(c))?.[0];
}

/** Cyrillic, Greek and Armenian letters that render as (or nearly as) a Latin letter, by their Latin twin. */
const TWINS: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', ѕ: 's', т: 't', у: 'y', х: 'x', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ь: 'b', п: 'n', г: 'r',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J', Ү: 'Y',
  // Greek
  α: 'a', ο: 'o', ρ: 'p', ν: 'v', ι: 'i', κ: 'k', υ: 'u', χ: 'x', ε: 'e', ϲ: 'c', ϳ: 'j',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  // Armenian
  օ: 'o', ս: 'u', ց: 'g', հ: 'h', ո: 'n', զ: 'q',
  // Latin letters outside ASCII that pass for ASCII ones
  ı: 'i', ɡ: 'g', ℓ: 'l', ɑ: 'a',
};

/**
 * The form two names share when they look alike: compatibility forms folded, lookalike letters
 * mapped to Latin, then the ASCII characters fonts blur made one (O/0 → o, I/1/| → l, rn → m, vv → w)
 * and letter case dropped.
 */
export function skeleton(name: string): string {
  const latin = [...name.normalize('NFKC')].map((c) => TWINS[c] ?? c).join('');
  return latin
    .replace(/[I1|]/g, 'l')
    .replace(/0/g, 'o')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w');
}

/** The name with each character outside printable ASCII spelled out, e.g. `re⟨U+0430 Cyrillic⟩d_file`; empty when there is none. */
function disguise(name: string): string {
  if (ASCII.test(name)) return '';
  return [...name.slice(0, 80)].map((c) => (/[\x21-\x7e]/.test(c) ? c : `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} ${scriptOf(c) ?? 'other'}⟩`)).join('');
}

/** The lookalike scripts a name's letters come from, when it mixes Latin with one of them. */
function mixedScripts(name: string): Script[] | undefined {
  const found = new Set<Script>();
  for (const c of name) {
    const s = scriptOf(c);
    if (s) found.add(s);
  }
  return found.size > 1 && found.has('Latin') ? SCRIPTS.map(([s]) => s).filter((s) => found.has(s)) : undefined;
}

const WELL_KNOWN_BY_SKELETON = new Map(Object.keys(WELL_KNOWN_TOOLS).map((n) => [skeleton(n), n]));

/**
 * Review the names of a whole catalogue for lookalikes (S22): at most one finding per tool, naming
 * what it copies and quoting the characters that differ. Names equal but for letter case are not
 * disguises (nothing renders alike); exact duplicates are S6's.
 */
export function checkLookalikes<T extends { name: string }>(tools: readonly T[], findings: Finding[], stepOf: (t: T) => string | undefined = () => undefined): void {
  // Per skeleton, the name the others imitate: the first plain-ASCII one listed, else the first one.
  const original = new Map<string, string>();
  for (const t of tools) {
    const k = skeleton(t.name);
    const kept = original.get(k);
    if (kept === undefined || (!ASCII.test(kept) && ASCII.test(t.name))) original.set(k, t.name);
  }
  const reported = new Set<string>();
  for (const t of tools) {
    if (reported.has(t.name)) continue;
    const k = skeleton(t.name);
    const differs = (other: string | undefined) => other !== undefined && other !== t.name && other.toLowerCase() !== t.name.toLowerCase();
    const known = WELL_KNOWN_BY_SKELETON.get(k);
    const copies = differs(known) ? known : undefined;
    const sibling = differs(original.get(k)) ? original.get(k) : undefined;
    const mixed = mixedScripts(t.name);
    if (!copies && !sibling && !mixed) continue;
    reported.add(t.name);
    const why = copies || sibling ? 'a model or a person can pick it for the tool it imitates (tool shadowing)' : 'it reads as a plain name but no one can type or compare it as one (the disguise lookalike tools use)';
    const what = copies
      ? `looks like ${quoteName(copies)}, a tool of the well-known ${WELL_KNOWN_TOOLS[copies]} server, but is a different name`
      : sibling
        ? `looks like ${quoteName(sibling)}, another tool of this server, but is a different name`
        : `mixes ${mixed!.join(' and ')} letters`;
    const also = mixed && (copies || sibling) ? ` It mixes ${mixed.join(' and ')} letters.` : '';
    const stepId = stepOf(t);
    findings.push(
      finding('S22', `Tool ${quoteName(t.name)} ${what}: ${why}.${also}`, {
        ...(stepId ? { stepId } : {}),
        evidence: disguise(t.name) || `${t.name} ≈ ${copies ?? sibling}`,
      }),
    );
  }
}

function quoteName(n: string): string {
  return `"${visible(n)}"`;
}
