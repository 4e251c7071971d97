// GET /oauth/client.json: this app's Client ID Metadata Document. Authorization servers that
// support CIMD fetch it to learn the redirect URI; its client_id is its own URL (draft-ietf-oauth-
// client-id-metadata-document-00 §4.1).
import { appOrigin, clientIdMetadataDocument } from '@/lib/signin/client';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const origin = appOrigin(request.headers);
  if (origin === undefined) return Response.json({ error: 'no Host header' }, { status: 400 });
  return Response.json(clientIdMetadataDocument(origin), {
    headers: { 'cache-control': 'public, max-age=300', vary: 'Host, X-Forwarded-Host, X-Forwarded-Proto' },
  });
}
