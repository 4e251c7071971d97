// Hands the result of /oauth/callback to the app in this tab, without a URL or a cookie (protocol
// brief §4.9 step 5): into sessionStorage, then back to the check, which reads and removes it.
// A static file rather than inline script, so a nonce-based Content-Security-Policy allows it.
(function () {
  'use strict';
  var RESULT_KEY = 'mcp-health:oauth:result'; // app/oauth/keys.ts
  var el = document.getElementById('oauth-handoff');
  if (!el) return;
  var data;
  try {
    data = JSON.parse(el.textContent || '');
  } catch {
    return;
  }
  // Drop the token from the DOM before anything else can read it.
  el.parentNode.removeChild(el);
  var back = data && data.returnTo;
  if (typeof back !== 'string' || back.charAt(0) !== '/' || back.charAt(1) === '/' || back.charAt(1) === '\\') return;
  try {
    sessionStorage.setItem(RESULT_KEY, JSON.stringify(data.result));
  } catch {
    var status = document.getElementById('oauth-status');
    if (status) status.textContent = 'This browser blocks session storage for this app, so the token cannot be handed to the check. Allow site data and try again.';
    return;
  }
  location.replace(back);
})();
