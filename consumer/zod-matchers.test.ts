import { z } from 'zod';
import { ExampleDoesNotMatchSchema, IncompleteExample, UnsupportedZodType, type ConsumerContractError } from './errors';
import { buildMatchers } from './zod-matchers';

/** The error buildMatchers throws, for asserting its class, code, path and message together. */
function errorOf(run: () => unknown): ConsumerContractError {
  try {
    run();
  } catch (error) {
    return error as ConsumerContractError;
  }
  throw new Error('expected buildMatchers to throw');
}

describe('buildMatchers', () => {
  describe('numbers and booleans', () => {
    it('matches z.number().int() and z.int() as integers', () => {
      expect(buildMatchers(z.number().int(), 7)).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "integer",
  "value": 7,
}
`);
      expect(buildMatchers(z.int(), 7)).toEqual(buildMatchers(z.number().int(), 7));
    });

    it('matches other numbers as any number, so a whole price is not rejected', () => {
      expect(buildMatchers(z.number().positive(), 9.5)).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "number",
  "value": 9.5,
}
`);
    });

    it('matches booleans by type', () => {
      expect(buildMatchers(z.boolean(), false)).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "type",
  "value": false,
}
`);
    });
  });

  describe('enums and literals', () => {
    it('turns the alternatives into one escaped regex', () => {
      expect(buildMatchers(z.enum(['open', 'on.hold', 'closed(final)']), 'on.hold')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^(?:open|on\\.hold|closed\\(final\\))$",
  "value": "on.hold",
}
`);
      expect(buildMatchers(z.literal('order'), 'order')).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "regex",
  "regex": "^(?:order)$",
  "value": "order",
}
`);
    });

    it('requires a single non-string literal exactly', () => {
      expect(buildMatchers(z.literal(2), 2)).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "equality",
  "value": 2,
}
`);
      expect(buildMatchers(z.null(), null)).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "null",
  "value": null,
}
`);
    });
  });

  describe('arrays, tuples and objects', () => {
    it("makes the first item the template of an each-like rule with the schema's minimum, at least 1", () => {
      expect(buildMatchers(z.array(z.string()), ['a', 'b'])).toMatchInlineSnapshot(`
{
  "min": 1,
  "pact:matcher:type": "type",
  "value": [
    {
      "pact:matcher:type": "type",
      "value": "a",
    },
  ],
}
`);
      expect(buildMatchers(z.array(z.number().int()).min(2), [1, 2])).toMatchInlineSnapshot(`
{
  "min": 2,
  "pact:matcher:type": "type",
  "value": [
    {
      "pact:matcher:type": "integer",
      "value": 1,
    },
    {
      "pact:matcher:type": "integer",
      "value": 1,
    },
  ],
}
`);
    });

    it('records an empty example array as exactly empty, as for "given there are no orders"', () => {
      expect(buildMatchers(z.array(z.string()), [])).toMatchInlineSnapshot(`
{
  "pact:matcher:type": "equality",
  "value": [],
}
`);
    });

    it('keeps a maximum length when the schema has one', () => {
      expect(buildMatchers(z.array(z.boolean()).max(3), [true])).toMatchInlineSnapshot(`
{
  "max": 3,
  "min": 1,
  "pact:matcher:type": "type",
  "value": [
    {
      "pact:matcher:type": "type",
      "value": true,
    },
  ],
}
`);
    });

    it('matches a tuple position by position', () => {
      expect(buildMatchers(z.tuple([z.string(), z.number().int()]), ['a', 1])).toMatchInlineSnapshot(`
[
  {
    "pact:matcher:type": "type",
    "value": "a",
  },
  {
    "pact:matcher:type": "integer",
    "value": 1,
  },
]
`);
    });

    it('converts nested objects recursively', () => {
      const Order = z.object({
        id: z.number().int(),
        customer: z.object({ name: z.string() }),
        lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })).min(1),
      });
      expect(buildMatchers(Order, { id: 7, customer: { name: 'Ada' }, lines: [{ sku: 'A-1', quantity: 2 }] }))
        .toMatchInlineSnapshot(`
{
  "customer": {
    "name": {
      "pact:matcher:type": "type",
      "value": "Ada",
    },
  },
  "id": {
    "pact:matcher:type": "integer",
    "value": 7,
  },
  "lines": {
    "min": 1,
    "pact:matcher:type": "type",
    "value": [
      {
        "quantity": {
          "pact:matcher:type": "integer",
          "value": 2,
        },
        "sku": {
          "pact:matcher:type": "type",
          "value": "A-1",
        },
      },
    ],
  },
}
`);
    });

    it('follows z.lazy() for recursive schemas as deep as the example goes', () => {
      type Category = { name: string; children: Category[] };
      const Category: z.ZodType<Category> = z.lazy(() => z.object({ name: z.string(), children: z.array(Category) }));
      expect(buildMatchers(Category, { name: 'a', children: [{ name: 'b', children: [] }] })).toMatchInlineSnapshot(`
{
  "children": {
    "min": 1,
    "pact:matcher:type": "type",
    "value": [
      {
        "children": {
          "pact:matcher:type": "equality",
          "value": [],
        },
        "name": {
          "pact:matcher:type": "type",
          "value": "b",
        },
      },
    ],
  },
  "name": {
    "pact:matcher:type": "type",
    "value": "a",
  },
}
`);
    });
  });

  describe('optional and nullable', () => {
    const Customer = z.object({
      name: z.string(),
      nickname: z.string().optional(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    });

    it('requires an optional field the example shows and leaves out one it does not', () => {
      expect(buildMatchers(Customer, { name: 'Ada', nickname: 'ada', phone: null, email: null })).toHaveProperty(
        'nickname',
      );
      expect(buildMatchers(Customer, { name: 'Ada', phone: null, email: null })).not.toHaveProperty('nickname');
    });

    it('records a null example as exactly null and a value by its inner type', () => {
      expect(buildMatchers(Customer, { name: 'Ada', phone: null, email: 'ada@example.com' })).toMatchInlineSnapshot(`
{
  "email": {
    "pact:matcher:type": "type",
    "value": "ada@example.com",
  },
  "name": {
    "pact:matcher:type": "type",
    "value": "Ada",
  },
  "phone": {
    "pact:matcher:type": "null",
    "value": null,
  },
}
`);
    });

    it('treats `X | null` written as a union like .nullable()', () => {
      expect(buildMatchers(z.union([z.string(), z.null()]), 'a')).toEqual(buildMatchers(z.string().nullable(), 'a'));
      expect(buildMatchers(z.union([z.null(), z.string()]), null)).toEqual(buildMatchers(z.string().nullable(), null));
    });

    it('treats .default() like .optional(): present in the example, required', () => {
      expect(buildMatchers(z.object({ page: z.number().int().default(1) }), { page: 2 })).toEqual({
        page: buildMatchers(z.int(), 2),
      });
      expect(buildMatchers(z.object({ page: z.number().int().default(1) }), {})).toEqual({});
    });
  });

  describe('errors', () => {
    it('throws UnsupportedZodType naming the schema path of a union, with what to do', () => {
      const Order = z.object({ items: z.array(z.object({ price: z.union([z.string(), z.number()]) })) });
      const error = errorOf(() => buildMatchers(Order, { items: [{ price: 1 }] }));
      expect(error).toBeInstanceOf(UnsupportedZodType);
      expect(error.code).toBe('unsupported_zod_type');
      expect(error.path).toBe('$.items[].price');
      expect(error.message).toMatchInlineSnapshot(
        `"$.items[].price: a union of 2 types cannot become a Pact matcher: Pact holds a value to one shape; record one interaction per variant (with a provider state), each with that variant's schema"`,
      );
    });

    it.each([
      ['z.any()', z.object({ extra: z.any() }), { extra: 1 }, '$.extra'],
      ['z.unknown() of a loose object', z.looseObject({ id: z.int() }), { id: 1, extra: 1 }, '$.extra'],
      ['a transform', z.object({ total: z.string().transform(Number) }), { total: '1' }, '$.total'],
      ['a pipe', z.object({ total: z.string().pipe(z.email()) }), { total: 'a@b.io' }, '$.total'],
      ['z.record()', z.object({ totals: z.record(z.string(), z.number()) }), { totals: { a: 1 } }, '$.totals'],
      [
        'an intersection',
        z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })),
        { a: 'x', b: 'y' },
        '$',
      ],
      ['z.date()', z.object({ at: z.date() }), { at: new Date(0) }, '$.at'],
      ['numeric literals', z.object({ level: z.literal([1, 2]) }), { level: 1 }, '$.level'],
      ['a tuple with a rest element', z.tuple([z.string()]).rest(z.number()), ['a', 1], '$'],
    ])('throws UnsupportedZodType for %s', (_name, schema, example, path) => {
      const error = errorOf(() => buildMatchers(schema as z.ZodType, example));
      expect(error).toBeInstanceOf(UnsupportedZodType);
      expect(error.path).toBe(path);
    });

    it('names the zod type and what to write instead', () => {
      expect(
        errorOf(() => buildMatchers(z.object({ meta: z.record(z.string(), z.string()) }), { meta: {} })).message,
      ).toMatchInlineSnapshot(
        `"$.meta: z.record() cannot become a Pact matcher: Pact matches an object key by key; name the keys with z.object()"`,
      );
      expect(
        errorOf(() => buildMatchers(z.object({ at: z.date() }), { at: new Date(0) })).message,
      ).toMatchInlineSnapshot(
        `"$.at: z.date() cannot become a Pact matcher: JSON has no dates; use z.iso.datetime() or z.iso.date() for the string on the wire"`,
      );
    });

    it('throws ExampleDoesNotMatchSchema with the path and every zod issue when the example breaks the schema', () => {
      const Order = z.object({ id: z.number().int(), lines: z.array(z.object({ sku: z.string() })) });
      const error = errorOf(() =>
        buildMatchers(Order, { id: 1.5, lines: [{ sku: 7 }] } as never),
      ) as ExampleDoesNotMatchSchema;
      expect(error).toBeInstanceOf(ExampleDoesNotMatchSchema);
      expect(error.code).toBe('example_does_not_match_schema');
      expect(error.path).toBe('$.id');
      expect(error.issues.map((issue) => issue.path)).toEqual(['$.id', '$.lines[0].sku']);
      expect(error.message).toMatchInlineSnapshot(
        `"$.id: the example does not match its schema: Invalid input: expected int, received number; $.lines[0].sku: Invalid input: expected string, received number"`,
      );
    });

    it('throws ExampleDoesNotMatchSchema for a key the schema does not name, which zod would strip silently', () => {
      const error = errorOf(() => buildMatchers(z.object({ id: z.int() }), { id: 1, nickName: 'x' } as never));
      expect(error).toBeInstanceOf(ExampleDoesNotMatchSchema);
      expect(error.path).toBe('$.nickName');
    });

    it('throws IncompleteExample when a tuple position the example must fill is left undefined', () => {
      const error = errorOf(() => buildMatchers(z.tuple([z.string(), z.string().optional()]), ['a', undefined]));
      expect(error).toBeInstanceOf(IncompleteExample);
      expect(error.path).toBe('$[1]');
      expect(error.message).toMatchInlineSnapshot(
        `"$[1]: the example has no value here; leave optional fields out of their object instead"`,
      );
    });

    it('quotes keys that are not identifiers in paths', () => {
      expect(errorOf(() => buildMatchers(z.object({ 'unit-price': z.any() }), { 'unit-price': 1 })).path).toBe(
        "$['unit-price']",
      );
    });
  });
});
