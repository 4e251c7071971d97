// Test support: validate values against the OpenAPI document's component schemas with ajv, as an
// API client generated from the document would.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { OpenApiDocument } from '@/lib/openapi';

/** ajv (draft 2020-12, strict) over the document's components, so #/components/schemas/… refs resolve. */
export function componentValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
  ajv.addKeyword('components'); // the holder of the schemas below, not a validation keyword
  ajv.addSchema({ $id: 'urn:mcp-health:openapi', components: doc.components });
  return (id: string, value: unknown) => {
    const validate = ajv.getSchema(`urn:mcp-health:openapi#/components/schemas/${id}`);
    if (!validate) throw new Error(`no component ${id}`);
    const ok = validate(value);
    return { ok, errors: validate.errors ?? [] };
  };
}

