// The auth part of the report contract (embedded as `report.auth`), plus the boundary schemas for
// the metadata documents discovery reads. Types are inferred from these; nobody hand-writes them.
import { z } from 'zod';
import { Finding } from './finding';

const strings = z.array(z.string());

/**
 * Protected Resource Metadata as read off the wire (RFC 9728 §2). Every member is optional here so
 * that a missing or wrong-typed member becomes a finding instead of losing the whole document;
 * unknown members are dropped.
 */
export const ResourceMetadataDocument = z.object({
  resource: z.string().optional(),
  authorization_servers: strings.optional(),
  scopes_supported: strings.optional(),
  bearer_methods_supported: strings.optional(),
  resource_name: z.string().optional(),
  resource_documentation: z.string().optional(),
  resource_policy_uri: z.string().optional(),
  resource_tos_uri: z.string().optional(),
  jwks_uri: z.string().optional(),
  dpop_bound_access_tokens_required: z.boolean().optional(),
});

/** A PRM document discovery accepted: `resource` is REQUIRED (RFC 9728 §2). */
export const ResourceMetadata = ResourceMetadataDocument.extend({ resource: z.string() });
export type ResourceMetadata = z.infer<typeof ResourceMetadata>;

/** Authorization Server Metadata as read off the wire (RFC 8414 §2, OIDC Discovery §3). */
export const AuthorizationServerMetadataDocument = z.object({
  issuer: z.string().optional(),
  authorization_endpoint: z.string().optional(),
  token_endpoint: z.string().optional(),
  registration_endpoint: z.string().optional(),
  jwks_uri: z.string().optional(),
  scopes_supported: strings.optional(),
  response_types_supported: strings.optional(),
  grant_types_supported: strings.optional(),
  token_endpoint_auth_methods_supported: strings.optional(),
  code_challenge_methods_supported: strings.optional(),
  revocation_endpoint: z.string().optional(),
  introspection_endpoint: z.string().optional(),
  service_documentation: z.string().optional(),
  /** CIMD (draft-ietf-oauth-client-id-metadata-document), MCP 2025-11-25+. */
  client_id_metadata_document_supported: z.boolean().optional(),
  /** RFC 9207 §3 */
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});

/** AS metadata whose `issuer` passed the RFC 8414 §3.3 identity check. */
export const AuthorizationServerMetadata = AuthorizationServerMetadataDocument.extend({ issuer: z.string() });
export type AuthorizationServerMetadata = z.infer<typeof AuthorizationServerMetadata>;

export const AuthChallenge = z.object({
  /** The challenge discovery used: Bearer, else one carrying resource_metadata, else the first. */
  scheme: z.string(),
  token68: z.string().optional(),
  /** Lower-cased names, duplicates kept, in the server's order. */
  params: z.array(z.tuple([z.string(), z.string()])),
  /** Every WWW-Authenticate field line as received. */
  raw: z.array(z.string()),
  /** Grammar problems found while parsing (finding A18). */
  problems: z.array(z.string()).optional(),
});
export type AuthChallenge = z.infer<typeof AuthChallenge>;

export const TrailPurpose = z.enum(['prm', 'as-metadata', 'legacy-as-metadata']);
export const TrailOutcome = z.enum(['ok', 'not-found', 'invalid', 'error']);

/** One metadata URL discovery tried, in the order it tried them. */
export const TrailEntry = z.object({
  url: z.string(),
  purpose: TrailPurpose,
  status: z.number().int().optional(),
  outcome: TrailOutcome,
  note: z.string(),
});
export type TrailEntry = z.infer<typeof TrailEntry>;

export const ResourceMatch = z.enum(['pass', 'warning', 'error']);
export type ResourceMatch = z.infer<typeof ResourceMatch>;

export const Registration = z.enum(['cimd', 'dcr', 'pre-registered-only']);
export type Registration = z.infer<typeof Registration>;

export const AuthReport = z.object({
  status: z.union([z.literal(401), z.literal(403)]),
  /** The revision whose rules graded this report (the negotiated one, else the latest). */
  revision: z.string(),
  challenge: AuthChallenge.nullable(),
  resourceMetadataUrl: z.string().optional(),
  /** How the PRM URL was found: the challenge, or the RFC 9728 §3.1 well-known URLs. */
  resourceMetadataSource: z.enum(['header', 'path-inserted', 'root']).optional(),
  resourceMetadata: ResourceMetadata.optional(),
  resourceMatch: ResourceMatch.optional(),
  /** The metadata URL the accepted AS document came from. */
  authorizationServerMetadataUrl: z.string().optional(),
  /**
   * `metadata`: found via PRM and RFC 8414/OIDC; `legacy-metadata`: 2025-03-26 origin metadata;
   * `legacy-defaults`: 2025-03-26 default endpoints, no document at all.
   */
  authorizationServerSource: z.enum(['metadata', 'legacy-metadata', 'legacy-defaults']).optional(),
  authorizationServer: AuthorizationServerMetadata.optional(),
  /** Absent when no authorization server could be described. */
  registration: Registration.optional(),
  /** From the challenge's `scope`, else PRM `scopes_supported`, else none (MCP scope selection). */
  scopes: z.array(z.string()),
  trail: z.array(TrailEntry),
  findings: z.array(Finding),
  /** True when no PRM was found and the 2025-03-26 discovery was tried instead. */
  legacyFallback: z.boolean().optional(),
  /**
   * Set when the check carried a token and the server refused it: the challenge's `error`,
   * `error_description` and `scope` (RFC 6750 §3.1), quoted in the headline and the AUTH callout.
   */
  rejected: z
    .object({
      error: z.string().optional(),
      description: z.string().optional(),
      /** The scope an insufficient_scope challenge asks for (step-up). */
      scope: z.string().optional(),
    })
    .optional(),
});
export type AuthReport = z.infer<typeof AuthReport>;
