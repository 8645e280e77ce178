import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Serialize = (data: unknown) => string;
type SerializerCompiler = (route: { schema: unknown; method: string; url: string; httpStatus?: string }) => Serialize;

/**
 * Checked mode: every response is also encoded by zod (which validates it against the contract) and
 * the two results must agree. On under test (vitest sets VITEST, e2e servers inherit it) or with
 * ATTUNE_CHECK_RESPONSES=1; off in production, where the compiled serializer alone runs.
 */
export function checkingResponses(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.ATTUNE_CHECK_RESPONSES !== undefined) return env.ATTUNE_CHECK_RESPONSES === '1';
  return env.VITEST !== undefined || env.NODE_ENV === 'test';
}

/**
 * Objects are left open: fast-json-stringify writes only the properties a schema declares (unknown
 * keys are dropped, as zod strips them), but it picks a union's branch by validating the value, and a
 * closed branch would refuse a value with a key zod would simply strip.
 */
function opened(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(opened);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === '$schema') continue;
    out[key] = opened(value);
  }
  return out;
}

/** The JSON Schema fast-json-stringify compiles, from a zod contract's output side. */
export function jsonSchemaOf(schema: z.ZodType): object {
  return opened(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' })) as object;
}

// One compiled serializer per contract object, shared by every app built in the process (tests build
// many); null for a contract fast-json-stringify cannot compile (`serializer.test.ts` compiles them all).
const compiled = new WeakMap<object, Serialize | null>();

export function compiledFor(schema: z.ZodType): Serialize | null {
  let serialize = compiled.get(schema);
  if (serialize === undefined) {
    try {
      serialize = fastJson(jsonSchemaOf(schema) as Parameters<typeof fastJson>[0]);
    } catch {
      serialize = null;
    }
    compiled.set(schema, serialize);
  }
  return serialize;
}

/**
 * Response serializers compiled from the zod contracts (decision 0007, session 11): fast-json-stringify
 * writes the declared properties only, so nothing outside the contract can leave, without zod
 * walking and copying every response and `JSON.stringify` walking it again. Compiled at a route's
 * first response, not at start-up. Schemas that are not zod keep the zod provider's behaviour.
 */
export function createSerializerCompiler(check = checkingResponses()): SerializerCompiler {
  return (route) => {
    const { schema } = route;
    if (!(schema instanceof z.ZodType)) return (zodSerializerCompiler as unknown as SerializerCompiler)(route);
    const viaZod = check ? (zodSerializerCompiler as unknown as SerializerCompiler)(route) : undefined;
    let serialize: Serialize | undefined;
    return (data) => {
      // A contract that cannot be compiled keeps zod's serializer: slower, never wrong.
      serialize ??= compiledFor(schema) ?? (zodSerializerCompiler as unknown as SerializerCompiler)(route);
      const fast = serialize(data);
      if (viaZod) {
        const expected = viaZod(data); // throws, as before, when the response breaks its contract
        if (fast !== expected && !isDeepStrictEqual(JSON.parse(fast), JSON.parse(expected))) {
          throw new Error(`The compiled serializer of ${route.method} ${route.url} wrote ${fast}; zod wrote ${expected}`);
        }
      }
      return fast;
    };
  };
}
