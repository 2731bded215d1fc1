import { type FuzzRequest, type FuzzRequestPlan, resolvePlan } from "./fuzz-request-plan.ts";
import {
  codeOf,
  type FuzzResponse,
  type ResponseRules,
  responseProblems,
} from "./response-problems.ts";

/** Options of {@link runApiFuzz}. */
export type RunApiFuzzOptions = {
  plans: readonly FuzzRequestPlan[];
  /** Sends one request; `undefined` when the client could not even send it (e.g. a method it refuses). */
  send: (request: FuzzRequest) => Promise<FuzzResponse | undefined>;
  /** Authorization header values, index 0 being none (`undefined`). */
  authorizations: ReadonlyArray<string | undefined>;
  /** Ids that exist now, per path parameter name; read before each request. */
  known: () => Record<string, readonly string[]>;
  /** The rules every answer is checked against (host paths, relayed failures). */
  rules: ResponseRules;
  /** Called after each answer (e.g. to learn the id of a VM just created). */
  onResponse?: (request: FuzzRequest, response: FuzzResponse, plan: FuzzRequestPlan) => void;
};

/** What a run did and found. */
export type ApiFuzzReport = {
  sent: number;
  /** Requests the client refused to send. */
  unsendable: number;
  byStatus: Record<number, number>;
  byCode: Record<string, number>;
  /** Every answer that broke a rule, with the request (the first 20). */
  problems: Array<{
    request: string;
    note: string;
    status: number;
    problems: string[];
    body: string;
  }>;
  problemCount: number;
  /** Wall-clock time of the run, in milliseconds. */
  durationMs: number;
};

/**
 * Sends every plan in order and checks each answer with {@link responseProblems}.
 *
 * @example const report = await runApiFuzz({ plans, send, authorizations, known, rules: { hostPaths } });
 */
export async function runApiFuzz(options: RunApiFuzzOptions): Promise<ApiFuzzReport> {
  const started = performance.now();
  const report: ApiFuzzReport = {
    sent: 0,
    unsendable: 0,
    byStatus: {},
    byCode: {},
    problems: [],
    problemCount: 0,
    durationMs: 0,
  };
  for (const plan of options.plans) {
    const request = resolvePlan(plan, {
      authorizations: options.authorizations,
      known: options.known(),
    });
    const response = await options.send(request);
    if (!response) {
      report.unsendable++;
      continue;
    }
    report.sent++;
    report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
    const code = codeOf(response.body);
    if (code) report.byCode[code] = (report.byCode[code] ?? 0) + 1;
    options.onResponse?.(request, response, plan);
    const problems = responseProblems(request, response, options.rules);
    if (problems.length === 0) continue;
    report.problemCount++;
    if (report.problems.length < 20) {
      report.problems.push({
        request: `${request.method} ${request.url.slice(0, 200)} auth=${plan.auth} body(${plan.framing})=${(request.body ?? "").slice(0, 300)}`,
        note: plan.note,
        status: response.status,
        problems,
        body: response.body.slice(0, 500),
      });
    }
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
