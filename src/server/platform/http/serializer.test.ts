import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkingResponses, createSerializerCompiler } from './serializer.js';

const Person = z.object({
  id: z.string(),
  name: z.string(),
  age: z.number().int().nullable(),
  scores: z.record(z.string(), z.number().nullable()),
  tags: z.array(z.enum(['a', 'b'])),
  note: z.string().optional(),
});
const Either = z.union([z.object({ kind: z.literal('plan'), areas: z.array(z.string()) }), z.object({ kind: z.literal('none') })]);
const Wrapper = z.object({ person: Person.nullable(), either: Either });

const serializerOf = (schema: unknown, check: boolean) => createSerializerCompiler(check)({ schema, method: 'GET', url: '/t' });

describe('compiled response serializers', () => {
  it('writes only what the contract declares: a stray field (a password hash, say) never leaves', () => {
    for (const check of [false, true]) {
      const out = JSON.parse(
        serializerOf(
          Wrapper,
          check,
        )({
          person: { id: 'p1', name: 'Ada', age: null, scores: { safe: 4, heard: null }, tags: ['a'], password_hash: 'secret' },
          either: { kind: 'plan', areas: ['neck'], internal: 'x' },
          extra: 1,
        }),
      );
      expect(out).toEqual({
        person: { id: 'p1', name: 'Ada', age: null, scores: { safe: 4, heard: null }, tags: ['a'] },
        either: { kind: 'plan', areas: ['neck'] },
      });
    }
  });

  it('agrees with zod on nulls, optional fields left out and the second branch of a union', () => {
    const serialize = serializerOf(Wrapper, true);
    expect(JSON.parse(serialize({ person: null, either: { kind: 'none' } }))).toEqual({ person: null, either: { kind: 'none' } });
  });

  it('in checked mode refuses a response that breaks its contract, as zod did', () => {
    const serialize = serializerOf(Person, true);
    expect(() => serialize({ id: 'p1', name: 'Ada', age: 'old', scores: {}, tags: [] })).toThrow();
    expect(() => serialize({ id: 'p1', name: 'Ada', age: 1.5, scores: {}, tags: ['c'] })).toThrow();
  });

  it('writes a union whose branches overlap as zod does (the first branch that fits)', () => {
    const Overlap = z.union([z.object({ a: z.string() }), z.object({ a: z.string(), b: z.string() })]);
    for (const check of [false, true]) expect(serializerOf(Overlap, check)({ a: 'x', b: 'y' })).toBe('{"a":"x"}');
  });

  it('is on under vitest and off in production unless asked for', () => {
    expect(checkingResponses()).toBe(true); // this very run: every route test checks its responses
    expect(checkingResponses({ VITEST: 'true' })).toBe(true);
    expect(checkingResponses({ NODE_ENV: 'production' })).toBe(false);
    expect(checkingResponses({ NODE_ENV: 'production', ATTUNE_CHECK_RESPONSES: '1' })).toBe(true);
    expect(checkingResponses({ VITEST: 'true', ATTUNE_CHECK_RESPONSES: '0' })).toBe(false);
  });
});
