/**
 * Whether a `runs/search` filter can go to an MLflow server as it is. Trainyard's own filter
 * grammar adds OR and parentheses (domain/tracking/searchFilter.ts); MLflow's server refuses both,
 * so a pull says so before sending instead of passing on the server's 400.
 */
import { parseFilter, type FilterExpr } from '../tracking/searchFilter';

function hasOr(expr: FilterExpr | null): boolean {
  if (expr === null) return false;
  if (expr.kind === 'or') return true;
  return expr.kind === 'and' && expr.operands.some(hasOr);
}

/** A grouping parenthesis outside quotes (IN's list of values is MLflow's own and is fine). */
function hasGroupingParen(filter: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' && !/\bIN\s*$/i.test(filter.slice(0, i))) return true;
  }
  return false;
}

/** Null when the server takes the filter; otherwise what is wrong and what to do, in words. */
export function serverFilterProblem(filter: string): string | null {
  let expr: FilterExpr | null;
  try {
    expr = parseFilter(filter);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (hasOr(expr)) {
    return 'MLflow\'s tracking server does not take OR in a filter (only Trainyard\'s own search does): pull once per alternative, or pull the broader set and filter it here afterwards.';
  }
  if (hasGroupingParen(filter)) {
    return 'MLflow\'s tracking server does not take parentheses in a filter (only Trainyard\'s own search does): join the conditions with AND only.';
  }
  return null;
}
