// Names shared by the server (callback page) and the browser (the check form). The static
// public/oauth/callback.js spells RESULT_KEY out again: keep the two in step.

/** The callback's result for the tab ({kind:'token', token} or {kind:'error', …}); read once, then removed. */
export const RESULT_KEY = 'mcp-health:oauth:result';
/** What the check form looked like before it left for the authorization server. */
export const RETURN_KEY = 'mcp-health:oauth:return';
/** Per-flow HttpOnly cookie binding the callback to the browser that started the sign-in. */
export const BINDING_COOKIE_PREFIX = 'mcp_oauth_';

/** A flow's cookie name: derived from its state, so sign-ins in two tabs do not overwrite each other. */
export function bindingCookieName(state: string): string {
  return BINDING_COOKIE_PREFIX + state.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 16);
}
