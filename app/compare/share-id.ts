// What a person pastes into /compare: a shared report's id, or its link.
/** A shared report's id from what a person pastes: the id itself or its /r/{id} link. */
export function shareId(input: string | string[] | undefined): string | undefined {
  const raw = (Array.isArray(input) ? input[0] : input)?.trim();
  if (!raw) return undefined;
  const m = /(?:^|\/r\/)([A-Za-z0-9_-]{21})(?:[/?#].*)?$/.exec(raw);
  return m?.[1];
}
