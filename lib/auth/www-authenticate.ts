// WWW-Authenticate parsing (RFC 9110 §11.6.1 and §11.2, RFC 6750 §3, RFC 9728 §5.1).
//
// The same comma separates parameters and challenges, so this is a small hand-written tokenizer
// rather than a split(","). It never throws: anything it cannot make sense of is recorded in
// `problems` and parsing resumes at the next list element.

export interface Challenge {
  /** The auth-scheme as sent; compare it case-insensitively (RFC 9110 §11.1). */
  scheme: string;
  token68?: string;
  /** Parameter names lower-cased (they are case-insensitive, RFC 9110 §11.2); duplicates kept. */
  params: Array<[string, string]>;
}

export interface ParsedWwwAuthenticate {
  challenges: Challenge[];
  /** True when any part of the header did not follow the grammar (finding A18). */
  malformed: boolean;
  problems: string[];
}

// tchar, RFC 9110 §5.6.2.
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", RFC 9110 §11.2.
const TOKEN68 = /^[A-Za-z0-9\-._~+/]$/;
const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Parse every `WWW-Authenticate` field line of one response. Several lines are one list
 * (RFC 9110 §5.3: recipients may combine field lines with ", "), so a challenge's parameters may
 * continue on the next line.
 */
export function parseWwwAuthenticate(lines: readonly string[]): ParsedWwwAuthenticate {
  const problems: string[] = [];
  const present = lines.filter((l) => l.trim() !== '');
  if (lines.length > 0 && present.length === 0) {
    // RFC 9110 §11.6.1: the field value is 1#challenge; an empty value carries no challenge.
    problems.push('WWW-Authenticate is present but empty');
  }
  const challenges = tokenize(present.join(', '), problems);
  return { challenges, malformed: problems.length > 0, problems };
}

function tokenize(input: string, problems: string[]): Challenge[] {
  const out: Challenge[] = [];
  const n = input.length;
  let i = 0;
  let current: Challenge | undefined;

  const skipWs = (): void => {
    while (i < n && isWs(input[i])) i++;
  };
  const readWhile = (re: RegExp): string => {
    const start = i;
    while (i < n && re.test(input[i] ?? '')) i++;
    return input.slice(start, i);
  };
  // Quoted string with backslash escapes (RFC 9110 §5.6.4); `i` is at the opening quote.
  const readQuoted = (): { value: string; closed: boolean } => {
    i++;
    let value = '';
    while (i < n) {
      const c = input[i] ?? '';
      if (c === '"') {
        i++;
        return { value, closed: true };
      }
      if (c === '\\') {
        if (i + 1 >= n) break;
        value += input[i + 1] ?? '';
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i = n;
    return { value, closed: false };
  };
  const skipToComma = (): void => {
    while (i < n && input[i] !== ',') {
      if (input[i] === '"') readQuoted();
      else i++;
    }
  };
  // auth-param = token BWS "=" BWS ( token / quoted-string ), RFC 9110 §11.2.
  const readParam = (target: Challenge): boolean => {
    const name = readWhile(TCHAR);
    if (name === '') return false;
    skipWs();
    if (input[i] !== '=') return false;
    i++;
    skipWs();
    let value: string;
    if (input[i] === '"') {
      const q = readQuoted();
      if (!q.closed) problems.push(`unterminated quoted string in parameter "${name}"`);
      value = q.value;
    } else {
      // Be lenient with unquoted values that needed quoting (a bare URL, say), but flag them.
      const start = i;
      while (i < n && input[i] !== ',' && !isWs(input[i])) i++;
      value = input.slice(start, i);
      if (value === '') problems.push(`parameter "${name}" has an empty value`);
      else if (![...value].every((c) => TCHAR.test(c))) {
        problems.push(`parameter "${name}" has an unquoted value that must be a quoted-string`);
      }
    }
    target.params.push([name.toLowerCase(), value]);
    return true;
  };
  // After a scheme: is the next item a token68 rather than a parameter? RFC 9110 §11.6.1
  // (https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1): a token68 is a token whose
  // "=" padding is followed by a comma, the end, or whitespace plus another challenge's scheme.
  const token68Ahead = (): string | undefined => {
    const start = i;
    let j = i;
    while (j < n && TOKEN68.test(input[j] ?? '')) j++;
    if (j === start) return undefined;
    const body = j;
    while (j < n && input[j] === '=') j++;
    const padded = j > body;
    let k = j;
    while (k < n && isWs(input[k])) k++;
    if (k >= n || input[k] === ',') return input.slice(start, j);
    if (padded && k > j && startsChallenge(input, k)) return input.slice(start, j);
    return undefined;
  };

  while (i < n) {
    skipWs();
    if (i >= n) break;
    // Empty list elements (",,", a trailing comma) are allowed, RFC 9110 §5.6.1.
    if (input[i] === ',') {
      i++;
      continue;
    }
    const elementStart = i;
    const word = readWhile(TCHAR);
    if (word === '') {
      problems.push(`unexpected ${JSON.stringify(input[i])} at offset ${i}`);
      skipToComma();
      continue;
    }
    skipWs();
    if (input[i] === '=') {
      // `name=value` after a comma continues the current challenge (RFC 9110 §11.6.1: auth-params and challenges share the comma).
      i = elementStart;
      if (!current) {
        problems.push(`parameter "${word}" appears before any auth-scheme`);
        skipToComma();
        continue;
      }
      if (current.token68 !== undefined) {
        problems.push(`parameter "${word}" follows a token68 in the ${current.scheme} challenge`);
      }
      if (!readParam(current)) {
        problems.push(`cannot read parameter at offset ${elementStart}`);
        skipToComma();
      }
    } else {
      // Any other token starts a new challenge; RFC 9110 §11.6.1 wants 1*SP before its data.
      current = { scheme: word, params: [] };
      out.push(current);
      if (i >= n || input[i] === ',') continue;
      const t68 = token68Ahead();
      if (t68 !== undefined) {
        current.token68 = t68;
        i += t68.length;
      } else if (!readParam(current)) {
        problems.push(`cannot read the ${word} challenge data at offset ${i}`);
        skipToComma();
        continue;
      }
    }
    skipWs();
    if (i < n && input[i] !== ',') {
      // Recover by reading on as a new element: usually a missing comma between params.
      problems.push(`expected a comma at offset ${i}`);
    }
  }
  return out;
}

// `Scheme data…` at k: a token, whitespace, then more challenge data (not `=`). A lone token
// followed by a comma or the end is read as a parameter value instead (`error= invalid_token`).
function startsChallenge(input: string, k: number): boolean {
  let j = k;
  while (j < input.length && TCHAR.test(input[j] ?? '')) j++;
  if (j === k) return false;
  const tokenEnd = j;
  while (j < input.length && isWs(input[j])) j++;
  const next = input[j];
  return j > tokenEnd && next !== undefined && next !== '=' && next !== ',';
}

// ---- helpers over parsed challenges ----

/** The challenge with this scheme, compared case-insensitively (RFC 9110 §11.1). */
export function findChallenge(challenges: readonly Challenge[], scheme: string): Challenge | undefined {
  const want = scheme.toLowerCase();
  return challenges.find((c) => c.scheme.toLowerCase() === want);
}

/**
 * The challenge MCP discovery should read: `Bearer` (RFC 6750 §3), else the first challenge that
 * carries `resource_metadata` (RFC 9728 §5.1 allows it on other schemes such as DPoP).
 */
export function selectChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return findChallenge(challenges, 'Bearer') ?? challenges.find((c) => param(c, 'resource_metadata') !== undefined);
}

/** First value of a parameter (names are case-insensitive). */
export function param(challenge: Challenge, name: string): string | undefined {
  const want = name.toLowerCase();
  return challenge.params.find(([k]) => k === want)?.[1];
}

export interface ChallengeParams {
  /** RFC 9728 §5.1 */
  resourceMetadata?: string;
  /** RFC 6750 §3: space-delimited scopes. */
  scope?: string;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  realm?: string;
}

export function challengeParams(challenge: Challenge): ChallengeParams {
  const out: ChallengeParams = {};
  const set = (key: keyof ChallengeParams, name: string): void => {
    const v = param(challenge, name);
    if (v !== undefined) out[key] = v;
  };
  set('resourceMetadata', 'resource_metadata');
  set('scope', 'scope');
  set('error', 'error');
  set('errorDescription', 'error_description');
  set('errorUri', 'error_uri');
  set('realm', 'realm');
  return out;
}

/**
 * Parameter names that occur more than once. RFC 9110 §11.2: each name only once per challenge;
 * RFC 6750 §3 repeats this for realm, scope, error, error_description and error_uri.
 */
export function duplicateParams(challenge: Challenge): string[] {
  const seen = new Map<string, number>();
  for (const [k] of challenge.params) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([k]) => k);
}

/** `scope` is space-delimited (RFC 6749 §3.3, RFC 6750 §3). */
export function splitScope(scope: string | undefined): string[] {
  return scope === undefined ? [] : scope.split(' ').filter((s) => s !== '');
}
