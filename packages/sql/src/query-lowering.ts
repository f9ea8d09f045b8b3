import { basename } from 'node:path';
import { col, DataFrame, Expr, type ExprNode, exprText, LazyFrame, type ProgressEvent } from '@df-stream/core';
import { exprColumns, hasAgg } from '@df-stream/core/internal';
import { type AstNode, type LowerContext, lowerSql, nameOf, sqlErrorAt, tableName } from './lower-sql.js';
import type { ParsedQuery } from './parse-query.js';
import { type ColumnRef, type ScopeColumn, SqlScope, sameName } from './sql-scope.js';

/** What a query may read: registered frames by name, files by path, and the budget of its operators. */
export interface QueryEnv {
  readonly tables: ReadonlyMap<string, LazyFrame>;
  readonly openFile: (path: string) => Promise<LazyFrame>;
  readonly memoryLimit?: number;
  readonly threads?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** A plan and the columns its clauses may name. */
interface Bound {
  readonly frame: LazyFrame;
  readonly scope: SqlScope;
}

/** One output column of a SELECT: its expression over the FROM's columns and its name. */
interface SelectItem {
  readonly node: ExprNode;
  readonly name: string;
  readonly at: AstNode;
}

interface OrderKey {
  readonly column: string;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

/** ORDER BY: the sort keys, and the expressions to compute for those that are no output column. */
interface OrderPlan {
  readonly keys: readonly OrderKey[];
  readonly hidden: readonly { readonly name: string; readonly node: ExprNode }[];
}

const JOIN_KINDS: Readonly<Record<string, 'inner' | 'left' | 'right' | 'full'>> = {
  JOIN: 'inner',
  'INNER JOIN': 'inner',
  'LEFT JOIN': 'left',
  'LEFT OUTER JOIN': 'left',
  'RIGHT JOIN': 'right',
  'RIGHT OUTER JOIN': 'right',
  'FULL JOIN': 'full',
  'FULL OUTER JOIN': 'full',
};

/** Names of the plan's own helper columns (join keys, HAVING, ORDER BY expressions), dropped before the output. */
const HIDDEN = '__dfs_sql_';

/**
 * Lowers a parsed SELECT to the plan the method API builds: FROM to scans and `join`, WHERE to `filter`, GROUP BY,
 * aggregates and HAVING to `groupBy().agg()` and a filter, the select list to `select`, DISTINCT to `unique`,
 * ORDER BY to `sort`, LIMIT to `limit`, UNION [ALL] to `concat` (by position, as SQL), WITH to named plans. Names
 * are resolved against the schemas of the inputs, so this reads their schemas (not their rows).
 */
export class QueryLowering {
  private hidden = 0;

  constructor(
    private readonly query: ParsedQuery,
    private readonly env: QueryEnv,
  ) {}

  async lower(): Promise<LazyFrame> {
    return this.statement(this.query.statement, new Map());
  }

  private async statement(stmt: AstNode, outer: ReadonlyMap<string, LazyFrame>): Promise<LazyFrame> {
    const ctes = new Map(outer);
    for (const w of (stmt.with as AstNode[] | null) ?? []) {
      if (w.recursive === true) throw this.error('not supported: WITH RECURSIVE', 'recursive');
      const name = nameOf(this.ctx(), (w.name as AstNode).value);
      if (Array.isArray(w.columns) && w.columns.length > 0)
        throw this.error('not supported: column names after a WITH name', name, 'name the columns with AS in its SELECT');
      const body = w.stmt as AstNode;
      ctes.set(name.toLowerCase(), await this.statement((body.ast as AstNode | undefined) ?? body, ctes));
    }
    const parts: AstNode[] = [];
    const setOps: string[] = [];
    for (let s: AstNode | null = stmt; s !== null && s !== undefined; s = (s._next as AstNode | null) ?? null) {
      parts.push(s);
      if (s._next !== null && s._next !== undefined) setOps.push(String(s.set_op ?? '').toLowerCase());
    }
    if (parts.length === 1) return this.select(stmt, ctes);
    // ORDER BY and LIMIT after the last SELECT of a union are the union's.
    const last = parts[parts.length - 1];
    const frames: LazyFrame[] = [];
    for (const part of parts) frames.push(await this.select(part === last ? { ...part, orderby: null, limit: null } : part, ctes));
    const names = (await frames[0].schema()).names;
    let out = frames[0];
    for (let i = 1; i < frames.length; i++) {
      const own = (await frames[i].schema()).names;
      if (own.length !== names.length) {
        throw this.error(`each query of a UNION must give the same number of columns: ${names.length} and ${own.length}`, 'union');
      }
      const next = frames[i].select(...own.map((n, j) => col(n).as(names[j])));
      const op = setOps[i - 1];
      if (op === 'union all') out = out.concat(next);
      else if (op === 'union' || op === 'union distinct') out = out.concat(next).unique(undefined, { memoryLimit: this.env.memoryLimit });
      else throw this.error(`not supported: ${op.toUpperCase()}`, op.split(' ')[0]);
    }
    const scope = new SqlScope(names.map((n) => ({ table: undefined, name: n, physical: n })));
    const items = names.map((n) => ({ node: { op: 'col', name: n } as ExprNode, name: n, at: last }));
    const order = this.orderPlan(last, items, scope, true);
    return this.orderAndLimit(out, last, order);
  }

  private async select(stmt: AstNode, ctes: ReadonlyMap<string, LazyFrame>): Promise<LazyFrame> {
    this.refuseClauses(stmt);
    const from = await this.from(stmt.from as AstNode[] | null, ctes);
    const scope = from.scope;
    let frame = from.frame;
    if (stmt.where !== null && stmt.where !== undefined) {
      const where = this.expr(stmt.where, scope);
      if (hasAgg(where)) throw this.error('aggregates are not allowed in WHERE', stmt.where as AstNode, 'filter on an aggregate with HAVING');
      frame = frame.filter(new Expr(where));
    }
    const items = this.selectItems(stmt.columns as AstNode[], scope);
    const groupBy = ((stmt.groupby as AstNode | null)?.columns as AstNode[] | null | undefined) ?? [];
    const aggregate = groupBy.length > 0 || stmt.having !== null || items.some((i) => hasAgg(i.node));
    const distinct = (stmt.distinct as AstNode | null)?.type;
    if (distinct !== null && distinct !== undefined && distinct !== 'DISTINCT') throw this.error(`not supported: ${String(distinct)}`, 'distinct');
    const order = this.orderPlan(stmt, items, scope, distinct === 'DISTINCT');
    if (aggregate) {
      frame = this.aggregate(frame, items, groupBy, stmt, scope, order);
    } else {
      frame = frame.select(...items.map((i) => new Expr(i.node).as(i.name)), ...order.hidden.map((h) => new Expr(h.node).as(h.name)));
    }
    if (distinct === 'DISTINCT') frame = frame.unique(undefined, { memoryLimit: this.env.memoryLimit });
    return this.orderAndLimit(frame, stmt, order);
  }

  // ---- FROM and joins ------------------------------------------------------------------------------------------

  private async from(items: AstNode[] | null, ctes: ReadonlyMap<string, LazyFrame>): Promise<Bound> {
    if (items === null || items.length === 0) {
      // SELECT without FROM: one row, no columns a query can name.
      const frame = LazyFrame.fromFrame(DataFrame.fromColumns({ [`${HIDDEN}row`]: [1] }));
      return { frame, scope: new SqlScope([]) };
    }
    let bound = await this.fromItem(items[0], ctes);
    for (const item of items.slice(1)) {
      if (item.join === undefined || item.join === null) {
        throw this.error('not supported: FROM a, b (a cross join)', ',', 'join with JOIN ... ON or USING');
      }
      bound = await this.join(bound, await this.fromItem(item, ctes), item);
    }
    return bound;
  }

  private async fromItem(item: AstNode, ctes: ReadonlyMap<string, LazyFrame>): Promise<Bound> {
    const expr = item.expr as AstNode | undefined;
    let frame: LazyFrame;
    let alias: string | undefined = item.as === null || item.as === undefined ? undefined : nameOf(this.ctx(), item.as);
    if (expr?.ast !== undefined) {
      frame = await this.statement(expr.ast as AstNode, ctes);
    } else if (expr !== undefined && expr !== null) {
      throw this.error('not supported: table functions in FROM', item, "FROM 'file.csv' reads a file; sql(query, { tables }) registers frames");
    } else {
      if (item.db !== null && item.db !== undefined) throw this.error('not supported: qualified table names (schema.table)', '.');
      const name = nameOf(this.ctx(), item.table);
      const table = ctes.get(name.toLowerCase()) ?? this.registered(name);
      if (table !== undefined) frame = table;
      else if (/[./\\*?]/.test(name)) frame = await this.env.openFile(name);
      else {
        const known = [...ctes.keys(), ...this.env.tables.keys()];
        throw this.error(
          `unknown table '${name}'`,
          item,
          known.length > 0 ? `tables: ${known.join(', ')}; FROM 'file.csv' reads a file` : "FROM 'file.csv' reads a file",
        );
      }
      alias ??= /[./\\]/.test(name) ? basename(name).replace(/\..*$/, '') : name;
    }
    const names = (await frame.schema()).names;
    return { frame, scope: new SqlScope(names.map((n) => ({ table: alias, name: n, physical: n }))) };
  }

  private registered(name: string): LazyFrame | undefined {
    const exact = this.env.tables.get(name);
    if (exact !== undefined) return exact;
    for (const [k, v] of this.env.tables) if (sameName(k, name)) return v;
    return undefined;
  }

  private async join(left: Bound, right: Bound, item: AstNode): Promise<Bound> {
    const how = JOIN_KINDS[String(item.join).toUpperCase()];
    if (how === undefined)
      throw this.error(`not supported: ${String(item.join)}`, String(item.join).split(' ')[0].toLowerCase(), 'joins: [INNER] JOIN, LEFT, RIGHT and FULL [OUTER] JOIN');
    const taken = new Set(left.scope.columns.map((c) => c.physical));
    const using = Array.isArray(item.using) ? (item.using as AstNode[]).map((u) => nameOf(this.ctx(), u.value)) : undefined;
    // Right columns named as a left one get `_1` (`_2`...), so that every column of the join keeps a name.
    const renames: Record<string, string> = {};
    const rightColumns: ScopeColumn[] = [];
    for (const c of right.scope.columns) {
      let physical = c.physical;
      if (using?.some((k) => sameName(k, c.name)) !== true && taken.has(physical)) {
        let k = 1;
        while (taken.has(`${c.physical}_${k}`)) k++;
        physical = `${c.physical}_${k}`;
        renames[c.physical] = physical;
      }
      taken.add(physical);
      rightColumns.push({ ...c, physical });
    }
    const rightFrame = Object.keys(renames).length === 0 ? right.frame : right.frame.rename(renames);
    const options = { how, memoryLimit: this.env.memoryLimit };
    if (using !== undefined) {
      const keys = using.map((k) => {
        const l = left.scope.candidates(undefined, k);
        const r = right.scope.candidates(undefined, k);
        if (l.length !== 1 || r.length !== 1 || l[0].physical !== r[0].physical) {
          throw this.error(
            `USING (${k}): ${l.length === 0 || r.length === 0 ? 'not a column of both sides' : 'ambiguous or named differently'}`,
            item,
            'join with ON a.x = b.y',
          );
        }
        return l[0].physical;
      });
      const frame = left.frame.join(rightFrame, { ...options, on: keys });
      // The key is one column, seen through either table.
      const keyOfRight = rightColumns.filter((c) => keys.includes(c.physical));
      const rest = rightColumns.filter((c) => !keys.includes(c.physical));
      return { frame, scope: new SqlScope([...left.scope.columns, ...keyOfRight, ...rest]) };
    }
    if (item.on === null || item.on === undefined) throw this.error('a JOIN needs ON or USING', item);
    const rightScope = new SqlScope(rightColumns);
    const both = new SqlScope([...left.scope.columns, ...rightColumns]);
    const pairs: [AstNode, AstNode][] = [];
    const residual: AstNode[] = [];
    for (const c of conjuncts(item.on as AstNode)) {
      if (c.type === 'binary_expr' && c.operator === '=') {
        const l = this.side(c.left as AstNode, left.scope, rightScope);
        const r = this.side(c.right as AstNode, left.scope, rightScope);
        if (l === 'left' && r === 'right') pairs.push([c.left as AstNode, c.right as AstNode]);
        else if (l === 'right' && r === 'left') pairs.push([c.right as AstNode, c.left as AstNode]);
        else residual.push(c);
      } else {
        residual.push(c);
      }
    }
    if (pairs.length === 0) throw this.error('not supported: a join without an equality between the two sides', item.on as AstNode, 'join ON a.key = b.key');
    if (residual.length > 0 && how !== 'inner') {
      throw this.error(
        `not supported: conditions in the ON of a ${how.toUpperCase()} JOIN other than equalities of the two sides`,
        residual[0],
        'filter one side in a subquery first',
      );
    }
    // The join keeps the left key columns, and the right ones for right and full joins; it drops the right ones of
    // inner and left joins. SQL keeps both sides' columns as they are, so a key that is a plain column is given as
    // it is where the join's rule agrees (a dropped inner-join key equals the left's: the scope reads that), and as
    // a hidden copy otherwise: an expression, or the right key of a LEFT JOIN (b.k is null where b has no match).
    const id = this.hidden++;
    const hiddenOnes: Expr[][] = [[], []];
    const keyOf = (tree: AstNode, scope: SqlScope, side: 0 | 1, i: number, plainOk: boolean): string => {
      const node = this.expr(tree, scope);
      if (node.op === 'col' && plainOk) return node.name;
      const name = `${HIDDEN}${side === 0 ? 'l' : 'r'}${id}_${i}`;
      hiddenOnes[side].push(new Expr(node).as(name));
      return name;
    };
    const leftOn = pairs.map(([l], i) => keyOf(l, left.scope, 0, i, true));
    const rightOn = pairs.map(([, r], i) => keyOf(r, rightScope, 1, i, how !== 'left'));
    const withHidden = (f: LazyFrame, e: Expr[]) => (e.length === 0 ? f : f.withColumns(...e));
    let frame = withHidden(left.frame, hiddenOnes[0]).join(withHidden(rightFrame, hiddenOnes[1]), { ...options, leftOn, rightOn });
    const present = new Set((await frame.schema()).names);
    const drop = [...hiddenOnes[0], ...hiddenOnes[1]].map((e) => (e.node as { name: string }).name).filter((n) => present.has(n));
    if (drop.length > 0) frame = frame.drop(drop);
    // An inner join's right key columns that the join dropped read as the left keys they equal.
    const dropped = new Map(rightOn.map((r, i) => [r, leftOn[i]] as const).filter(([r]) => !present.has(r)));
    const scope = new SqlScope(
      both.columns.map((c) => (dropped.has(c.physical) && rightColumns.includes(c) ? { ...c, physical: dropped.get(c.physical) as string } : c)),
    );
    if (residual.length > 0) frame = frame.filter(new Expr(this.expr(andOf(residual), scope)));
    return { frame, scope };
  }

  /** Which side of a join an expression of its ON reads: 'left', 'right', 'both' or 'none' (a constant). */
  private side(expr: AstNode, left: SqlScope, right: SqlScope): 'left' | 'right' | 'both' | 'none' {
    let l = false;
    let r = false;
    for (const ref of columnRefs(expr)) {
      const table = tableName(this.ctx(), ref.table);
      const column = (ref.column as AstNode | string | undefined) ?? '';
      const name = typeof column === 'string' ? column : nameOf(this.ctx(), (column.expr as AstNode).value);
      const inLeft = table === undefined ? left.candidates(undefined, name).length > 0 : left.hasTable(table);
      const inRight = table === undefined ? right.candidates(undefined, name).length > 0 : right.hasTable(table);
      if (inLeft && inRight)
        throw this.error(`column '${name}' is ambiguous`, ref, `qualify it with its table: ${[...left.tables, ...right.tables].map((t) => `${t}.${name}`).join(' or ')}`);
      l ||= inLeft;
      r ||= inRight;
      // A name of neither side: the lowering below says so, with the closest names.
    }
    return l && r ? 'both' : l ? 'left' : r ? 'right' : 'none';
  }

  // ---- SELECT, GROUP BY, HAVING ----------------------------------------------------------------------------------

  private selectItems(columns: AstNode[], scope: SqlScope): SelectItem[] {
    const items: SelectItem[] = [];
    for (const c of columns) {
      const expr = c.expr as AstNode;
      if (expr.type === 'column_ref' && expr.column === '*') {
        const table = tableName(this.ctx(), expr.table);
        if (table !== undefined && !scope.hasTable(table)) throw this.error(`unknown table '${table}' in ${table}.*`, c, `tables here: ${scope.tables.join(', ')}`);
        const seen = new Set<string>();
        for (const s of scope.columns) {
          if ((table !== undefined && (s.table === undefined || !sameName(s.table, table))) || seen.has(s.physical)) continue;
          seen.add(s.physical);
          items.push({ node: { op: 'col', name: s.physical }, name: s.name, at: c });
        }
        if (scope.columns.length === 0) throw this.error("'*' with no FROM", '*');
        continue;
      }
      const node = this.expr(expr, scope);
      const name = c.as !== null && c.as !== undefined ? nameOf(this.ctx(), c.as) : expr.type === 'column_ref' ? columnName(this.ctx(), expr) : exprText(node);
      items.push({ node, name, at: c });
    }
    // Output names are unique: a second `k` is `k_1`.
    const used = new Set<string>();
    return items.map((i) => {
      let name = i.name;
      for (let k = 1; used.has(name); k++) name = `${i.name}_${k}`;
      used.add(name);
      return name === i.name ? i : { ...i, name };
    });
  }

  private aggregate(frame: LazyFrame, items: SelectItem[], groupBy: AstNode[], stmt: AstNode, scope: SqlScope, order: OrderPlan): LazyFrame {
    const aliases = new Map(items.map((i) => [i.name, i.node]));
    const keys = groupBy.map((g, i) => {
      if (g.type === 'number') {
        const item = items[Number(g.value) - 1];
        if (item === undefined || !Number.isInteger(g.value)) throw this.error(`GROUP BY ${String(g.value)}: there are ${items.length} select items`, g);
        return { node: item.node, name: item.name };
      }
      const node = this.expr(g, scope, aliases);
      if (hasAgg(node)) throw this.error('aggregates are not allowed in GROUP BY', g);
      const item = items.find((it) => same(it.node, node));
      return { node, name: item?.name ?? (node.op === 'col' ? node.name : `${HIDDEN}key${i}`) };
    });
    const keyNames = new Set(keys.map((k) => k.name));
    const outputs: Expr[] = [];
    const final: Expr[] = [];
    for (const item of items) {
      const key = keys.find((k) => same(k.node, item.node));
      if (key !== undefined) {
        final.push(col(key.name).as(item.name));
      } else if (hasAgg(item.node)) {
        const name = keyNames.has(item.name) ? `${HIDDEN}agg${this.hidden++}` : item.name;
        outputs.push(new Expr(item.node).as(name));
        final.push(col(name).as(item.name));
      } else {
        // An expression of keys (`upper(city)` grouped by city) is computed after the aggregation.
        final.push(new Expr(this.ofKeys(item.node, keys, item.at)).as(item.name));
      }
    }
    if (stmt.having !== null && stmt.having !== undefined) outputs.push(new Expr(this.expr(stmt.having, scope, aliases)).as(`${HIDDEN}having`));
    // ORDER BY expressions: over aggregates they are computed with them; over keys after them.
    for (const h of order.hidden) {
      if (hasAgg(h.node)) {
        outputs.push(new Expr(h.node).as(h.name));
        final.push(col(h.name));
      } else {
        final.push(new Expr(this.ofKeys(h.node, keys, h.name)).as(h.name));
      }
    }
    const grouped = frame
      .groupBy(...keys.map((k) => new Expr(k.node).as(k.name)))
      .withOptions({ memoryLimit: this.env.memoryLimit, threads: this.env.threads, onProgress: this.env.onProgress })
      .agg(...outputs);
    const kept = stmt.having === null || stmt.having === undefined ? grouped : grouped.filter(col(`${HIDDEN}having`));
    return kept.select(...final);
  }

  /** An expression of the group keys, over the aggregation's key columns; any other column is an error. */
  private ofKeys(node: ExprNode, keys: readonly { node: ExprNode; name: string }[], at: AstNode | string): ExprNode {
    const stray = exprColumns(node).find((c) => !keys.some((k) => k.node.op === 'col' && k.node.name === c));
    if (stray !== undefined)
      throw this.error(`column '${stray}' must appear in GROUP BY or be used in an aggregate function`, at, `e.g. GROUP BY ${stray}, or first(${stray})`);
    return renameColumns(node, keys);
  }

  // ---- ORDER BY and LIMIT --------------------------------------------------------------------------------------

  /**
   * The sort keys of ORDER BY: an output column (by position, name, or an expression of the select list), else an
   * expression of the FROM's columns computed as a hidden column beside the select list and dropped after the sort.
   */
  private orderPlan(stmt: AstNode, items: SelectItem[], scope: SqlScope, distinct: boolean, aliases?: Map<string, ExprNode>): OrderPlan {
    const keys: OrderKey[] = [];
    const hidden: { name: string; node: ExprNode }[] = [];
    ((stmt.orderby as AstNode[] | null) ?? []).forEach((o, i) => {
      let column = this.outputColumn(o.expr as AstNode, items);
      if (column === undefined) {
        const node = this.expr(o.expr, scope, aliases ?? new Map(items.map((it) => [it.name, it.node])));
        column = items.find((it) => same(it.node, node))?.name;
        if (column === undefined) {
          if (distinct) throw this.error('for SELECT DISTINCT, ORDER BY expressions must appear in the select list', o.expr as AstNode);
          column = `${HIDDEN}order${i}`;
          hidden.push({ name: column, node });
        }
      }
      const nulls = String(o.nulls ?? '').toLowerCase();
      keys.push({ column, descending: String(o.type ?? 'ASC').toUpperCase() === 'DESC', nullsLast: nulls === '' ? true : nulls.endsWith('last') });
    });
    return { keys, hidden };
  }

  /** The output column an ORDER BY item names: by position (`ORDER BY 2`) or by name. */
  private outputColumn(expr: AstNode, items: readonly SelectItem[]): string | undefined {
    if (expr.type === 'number') {
      const item = items[Number(expr.value) - 1];
      if (item === undefined || !Number.isInteger(expr.value)) throw this.error(`ORDER BY ${String(expr.value)}: there are ${items.length} select items`, expr);
      return item.name;
    }
    if (expr.type === 'column_ref' && (expr.table === null || expr.table === undefined)) {
      const name = columnName(this.ctx(), expr);
      return items.find((i) => i.name === name)?.name ?? items.find((i) => sameName(i.name, name))?.name;
    }
    return undefined;
  }

  private orderAndLimit(frame: LazyFrame, stmt: AstNode, order: OrderPlan): LazyFrame {
    let out = frame;
    if (order.keys.length > 0) {
      out = out.sort(
        order.keys.map((k) => k.column),
        { descending: order.keys.map((k) => k.descending), nullsLast: order.keys.map((k) => k.nullsLast), memoryLimit: this.env.memoryLimit },
      );
    }
    const limit = this.limitOf(stmt);
    if (limit !== undefined) out = out.limit(limit);
    return order.hidden.length > 0 ? out.drop(order.hidden.map((h) => h.name)) : out;
  }

  private limitOf(stmt: AstNode): number | undefined {
    const limit = stmt.limit as AstNode | null;
    const values = (limit?.value as AstNode[] | undefined) ?? [];
    if (values.length === 0) return undefined;
    if (values.length > 1 || limit?.seperator === 'offset') throw this.error('not supported: OFFSET', 'offset', 'LIMIT n gives the first n rows');
    const n = values[0];
    if (n.type !== 'number' || !Number.isInteger(n.value) || (n.value as number) < 0) throw this.error('LIMIT takes a whole number', 'limit');
    return n.value as number;
  }

  private refuseClauses(stmt: AstNode): void {
    if (stmt.window !== null && stmt.window !== undefined) throw this.error('not supported: WINDOW', 'window');
    const into = stmt.into as AstNode | null | undefined;
    if (into !== null && into !== undefined && into.position !== null && into.position !== undefined) throw this.error('not supported: SELECT INTO', 'into');
    if (Array.isArray(stmt.options) && stmt.options.length > 0) throw this.error('not supported: this SELECT option', 'select');
  }

  // ---- expressions ---------------------------------------------------------------------------------------------

  /** An expression of a clause over `scope`; a bare name no column has may name a select item (`aliases`). */
  private expr(tree: unknown, scope: SqlScope, aliases?: ReadonlyMap<string, ExprNode>): ExprNode {
    return lowerSql(
      tree,
      this.ctx((table, name): ColumnRef => {
        const ref = scope.resolve(table, name);
        if ('node' in ref || table !== undefined || aliases === undefined) return ref;
        const alias = aliases.get(name) ?? [...aliases].find(([k]) => sameName(k, name))?.[1];
        return alias === undefined ? ref : { node: alias };
      }),
    );
  }

  private ctx(columnRef?: LowerContext['columnRef']): LowerContext {
    return { source: this.query.source, prepared: this.query.prepared, tokens: this.query.tokens, sqlStart: 0, columnRef };
  }

  private error(headline: string, at: AstNode | string | undefined, hint?: string): Error {
    return sqlErrorAt(this.ctx(), headline, at, hint);
  }
}

/** `a AND b AND c` as [a, b, c]. */
function conjuncts(n: AstNode): AstNode[] {
  if (n.type === 'binary_expr' && String(n.operator).toUpperCase() === 'AND' && n.parentheses !== true) {
    return [...conjuncts(n.left as AstNode), ...conjuncts(n.right as AstNode)];
  }
  return [n];
}

function andOf(parts: readonly AstNode[]): AstNode {
  return parts.reduce((a, b) => ({ type: 'binary_expr', operator: 'AND', left: a, right: b }));
}

/** The column references in a tree of the parser. */
function columnRefs(n: unknown): AstNode[] {
  if (typeof n !== 'object' || n === null) return [];
  if (Array.isArray(n)) return n.flatMap(columnRefs);
  const node = n as AstNode;
  if (node.type === 'column_ref') return [node];
  return Object.entries(node).flatMap(([k, v]) => (k === 'loc' ? [] : columnRefs(v)));
}

function columnName(ctx: LowerContext, ref: AstNode): string {
  const column = ref.column as AstNode | string;
  if (typeof column === 'string') return column;
  const expr = column.expr as AstNode;
  return nameOf(ctx, expr.value);
}

/** The expression with each key column read under the key's output name. */
function renameColumns(n: ExprNode, keys: readonly { node: ExprNode; name: string }[]): ExprNode {
  switch (n.op) {
    case 'col': {
      const key = keys.find((k) => k.node.op === 'col' && k.node.name === n.name);
      return key === undefined ? n : { op: 'col', name: key.name };
    }
    case 'alias':
      return { ...n, arg: renameColumns(n.arg, keys) };
    case 'call':
      return { ...n, args: n.args.map((a) => renameColumns(a, keys)) };
    default:
      return n;
  }
}

function same(a: ExprNode, b: ExprNode): boolean {
  return JSON.stringify(a, bigintText) === JSON.stringify(b, bigintText);
}

function bigintText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}
