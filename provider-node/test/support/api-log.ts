/** One JSON log line of the API's logger (pino), as written. */
export type ApiLogLine = {
  level: number;
  msg?: string;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
};

/** pino's numeric levels. */
export const logLevels = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * A Fastify logger option that keeps every line in memory (from `level` up, `trace` unless
 * told), so a test can assert what the API logged and at which level.
 *
 * @example const log = captureApiLog(); const h = await createApiHarness({ logger: log.logger });
 */
export function captureApiLog(level: keyof typeof logLevels = "trace") {
  const lines: ApiLogLine[] = [];
  return {
    logger: {
      level,
      stream: { write: (line: string) => void lines.push(JSON.parse(line) as ApiLogLine) },
    },
    lines,
    /** Lines at error level or above. */
    errors: () => lines.filter((line) => line.level >= logLevels.error),
    /** Lines that carry a stack trace, at any level. */
    withStack: () => lines.filter((line) => typeof line.err?.stack === "string"),
  };
}
