// Every /api answer a test's Browser receives is checked against the route table's contract: a 2xx
// JSON body against the route's `response` schema, an error against `apiErrorBody`. So an answer the
// web app would reject (or silently strip) fails the test that provoked it, whatever it asserts.
import { prettifyError, type z } from 'zod/mini';
import { apiErrorBody, noJson } from '../../src/contract.js';
import { routes, type RouteDef } from '../../src/routes.js';

const table = routes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
}));

/** The route a request goes to, as Express would pick it (undefined: not an /api route of the table). */
export function routeFor(method: string, target: string): RouteDef | undefined {
  const path = new URL(target, 'http://bff.invalid').pathname;
  return table.find((t) => t.route.method === method.toLowerCase() && t.pattern.test(path))?.route;
}

function problem(schema: z.ZodMiniType, body: unknown): string | undefined {
  const parsed = schema.safeParse(body);
  return parsed.success ? undefined : prettifyError(parsed.error);
}

/** Why an answer breaks the contract, or undefined when it keeps it (or is not an /api answer). */
export function contractProblem(
  method: string,
  target: string,
  answer: { status: number; headers: Record<string, string | string[] | undefined>; text: string },
): string | undefined {
  const route = routeFor(method, target);
  if (!route || answer.headers['content-encoding']) return undefined;
  const json = String(answer.headers['content-type'] ?? '').startsWith('application/json');
  const what = `${method} ${target} answered ${answer.status}`;
  if (answer.status >= 400) {
    if (!json) return undefined;
    const body: unknown = JSON.parse(answer.text);
    // An error is apiErrorBody; readyz's 503 is its own answer (not-ready), as the contract says.
    const wrong = problem(apiErrorBody, body) && problem(route.contract.response, body);
    return wrong ? `${what}, not an ApiErrorBody: ${wrong}` : undefined;
  }
  const type = String(answer.headers['content-type'] ?? '');
  if (route.contract.file && type.startsWith(route.contract.file)) return undefined;
  if (route.contract.response === noJson || answer.status === 204 || answer.status >= 300)
    return json ? `${what} with JSON, where the contract says no JSON` : undefined;
  if (!json) return `${what} with ${String(answer.headers['content-type'])}, not JSON`;
  const wrong = problem(route.contract.response, JSON.parse(answer.text));
  return wrong ? `${what} outside its response schema:\n${wrong}` : undefined;
}
