import { createHash } from 'node:crypto';
import { type Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database';

/** Stands for a value while the query is compiled; NUL keeps it apart from any constant of the query. */
const PLACEHOLDER = '\u0000value:';
/** Leads the SQL of a compiled query: the statement name PostgreSQL connections prepare it under. */
const STATEMENT_NAME = /^\/\* prepared (\S+) \*\//;

type Slot = { key: string } | { constant: unknown };
type Template = { sql: string; slots: Slot[] };

/**
 * A hot query built and compiled by Kysely once per database, then run with new values:
 * building and compiling the five-join pact query cost the broker more CPU than SQLite took
 * to run it (profile of GET /pacts/provider/{p}/consumer/{c}/latest). `build` is called once,
 * with placeholders in place of the values, so it must not branch on them: give each shape of
 * query its own compiledQuery. PostgreSQL connections prepare the SQL under a statement name
 * (namingPreparedStatements), so it is planned once per connection, not once per request.
 *
 * @example
 * const versionNamed = compiledQuery('version_named', (db, values: { number: string }) =>
 *   db.selectFrom('versions').selectAll().where('number', '=', values.number));
 * const rows = await versionNamed(db, { number: '1.0.0' });
 */
export function compiledQuery<Values extends Record<string, unknown>, Row>(
  name: string,
  build: (db: Db, values: Values) => Compilable<Row>,
) {
  // per database handle, for its dialect's SQL; a transaction compiles its own
  const templates = new WeakMap<Db, Template>();
  return async (db: Db, values: Values): Promise<Row[]> => {
    let template = templates.get(db);
    if (template === undefined) {
      template = compileTemplate(name, build(db, placeholdersFor(values)));
      templates.set(db, template);
    }
    const parameters = template.slots.map((slot) => ('key' in slot ? values[slot.key] : slot.constant));
    const { rows } = await db.executeQuery<Row>(CompiledQuery.raw(template.sql, parameters));
    return rows;
  };
}

/** The name a compiled query's SQL asks to be prepared under; other SQL has none. */
export function preparedStatementName(sql: string): string | undefined {
  return sql.startsWith('/*') ? STATEMENT_NAME.exec(sql)?.[1] : undefined;
}

function placeholdersFor<Values extends Record<string, unknown>>(values: Values): Values {
  return Object.fromEntries(Object.keys(values).map((key) => [key, `${PLACEHOLDER}${key}`])) as Values;
}

function compileTemplate(name: string, query: Compilable<unknown>): Template {
  const { sql, parameters } = query.compile();
  const slots = parameters.map((parameter): Slot =>
    typeof parameter === 'string' && parameter.startsWith(PLACEHOLDER)
      ? { key: parameter.slice(PLACEHOLDER.length) }
      : { constant: parameter },
  );
  // PostgreSQL refuses one name for two statements: the name carries a hash of the SQL
  const statement = `${name}_${createHash('sha256').update(sql).digest('hex').slice(0, 12)}`;
  return { sql: `/* prepared ${statement} */ ${sql}`, slots };
}

/**
 * compiledQuery for a query of a few shapes (a kind of selector, an optional filter): one
 * compiled query, and one prepared statement, per shape, named after it. `build` may branch
 * on the shape, never on the values. A shape's values are short words: they name the statement,
 * and PostgreSQL keeps only the first 63 characters of a name.
 *
 * @example
 * const versionsNamed = compiledQueryByShape('versions_named', (shape: { order: 'asc' | 'desc' }) =>
 *   (db, values: { number: string }) => db.selectFrom('versions').selectAll().where('number', '=', values.number).orderBy('id', shape.order));
 * const rows = await versionsNamed(db, { order: 'desc' }, { number: '1.0.0' });
 */
export function compiledQueryByShape<
  Shape extends Record<string, string | boolean>,
  Values extends Record<string, unknown>,
  Row,
>(name: string, build: (shape: Shape) => (db: Db, values: Values) => Compilable<Row>) {
  const byShape = new Map<string, (db: Db, values: Values) => Promise<Row[]>>();
  return (db: Db, shape: Shape, values: Values): Promise<Row[]> => {
    const key = Object.values(shape).map(String).join('_');
    let query = byShape.get(key);
    if (query === undefined) {
      query = compiledQuery(`${name}_${key}`, build(shape));
      byShape.set(key, query);
    }
    return query(db, values);
  };
}
