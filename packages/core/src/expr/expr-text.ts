import type { Value } from '../column.js';
import type { ExprNode } from './expr-node.js';

const INFIX: Readonly<Record<string, string>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  mod: '%',
  eq: '=',
  neq: '<>',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  and: 'AND',
  or: 'OR',
};

/** An expression as SQL-like text, for plans and messages: `v1 * v3`, `max(v1) - min(v2)`, `lower(city)`. */
export function exprText(node: ExprNode): string {
  switch (node.op) {
    case 'col':
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(node.name) ? node.name : `"${node.name.replace(/"/g, '""')}"`;
    case 'lit':
      return literalText(node.value);
    case 'alias':
      return `${exprText(node.arg)} AS ${node.name}`;
    case 'agg': {
      const args = [node.arg === null ? (node.fn === 'count' ? '*' : '') : exprText(node.arg), ...Object.values(node.options ?? {}).map(String)].filter((x) => x !== '');
      return `${node.fn}(${args.join(', ')})`;
    }
    case 'call': {
      const op = INFIX[node.fn];
      const p = precedence(node);
      if (op !== undefined && node.args.length >= 2) return node.args.map((a, i) => operand(a, i === 0 ? p : p + 1)).join(` ${op} `);
      if (node.fn === 'negate') return `-${operand(node.args[0], p)}`;
      if (node.fn === 'not') return `NOT ${operand(node.args[0], p)}`;
      if (node.fn === 'is_null' || node.fn === 'is_not_null') return `${operand(node.args[0], p + 1)} IS ${node.fn === 'is_null' ? '' : 'NOT '}NULL`;
      if (node.fn === 'is_in') return `${operand(node.args[0], p + 1)} IN (${node.args.slice(1).map(exprText).join(', ')})`;
      if (node.fn === 'cast' && node.args[1]?.op === 'lit') return `CAST(${exprText(node.args[0])} AS ${String(node.args[1].value)})`;
      if (node.fn === 'case_when') return caseText(node.args);
      return `${node.fn}(${node.args.map(exprText).join(', ')})`;
    }
  }
}

/** SQL's binding strength of an operator (higher binds tighter); a function call binds tightest. */
function precedence(node: ExprNode): number {
  if (node.op !== 'call') return 9;
  switch (node.fn) {
    case 'or':
      return 1;
    case 'and':
      return 2;
    case 'not':
      return 3;
    case 'eq':
    case 'neq':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'is_in':
    case 'is_null':
    case 'is_not_null':
      return 4;
    case 'add':
    case 'subtract':
      return 5;
    case 'multiply':
    case 'divide':
    case 'mod':
      return 6;
    case 'negate':
      return 7;
    default:
      return 9;
  }
}

/** A sub-expression, in parentheses when it binds looser than `min`. */
function operand(node: ExprNode, min: number): string {
  const text = exprText(node);
  return precedence(node) < min ? `(${text})` : text;
}

function caseText(args: readonly ExprNode[]): string {
  const parts = ['CASE'];
  for (let i = 0; i + 1 < args.length; i += 2) parts.push(`WHEN ${exprText(args[i])} THEN ${exprText(args[i + 1])}`);
  if (args.length % 2 === 1) parts.push(`ELSE ${exprText(args[args.length - 1])}`);
  parts.push('END');
  return parts.join(' ');
}

export function literalText(v: Value): string {
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return v === null ? 'NULL' : String(v);
}
