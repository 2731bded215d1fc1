import { z } from "zod";

/** Most console bytes one `GET /api/v1/vms/{id}/console` returns. */
export const MAX_CONSOLE_BYTES = 1024 * 1024;

/** Query of `GET /api/v1/vms/{id}/console`. */
export const consoleQuerySchema = z.object({
  bytes: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_CONSOLE_BYTES)
    .default(64 * 1024)
    .describe(
      `how many of the most recent bytes to return (default 65536, at most ${MAX_CONSOLE_BYTES})`,
    ),
});

/** Answer of `GET /api/v1/vms/{id}/console`: the recent serial console output of a VM. */
export const vmConsoleViewSchema = z
  .object({
    id: z.string(),
    output: z
      .string()
      .describe(
        "the most recent console output, decoded as UTF-8 (invalid bytes become U+FFFD); raw guest text, escape sequences included",
      ),
    bytes: z.number().int().describe("how many bytes of console output `output` holds"),
  })
  .describe("VM serial console");

/** Answer of `GET /api/v1/vms/{id}/stats`: what a running VM uses, measured by the provider. */
export const vmStatsViewSchema = z
  .object({
    id: z.string(),
    sampledAt: z.string().describe("ISO 8601, when the provider measured"),
    cpu: z.object({
      count: z.number().int().describe("virtual CPUs"),
      usagePercent: z
        .number()
        .min(0)
        .max(100)
        .describe("share of the VM's CPUs in use over the sample window (0–100)"),
      timeSeconds: z
        .number()
        .nullable()
        .describe("CPU time used since the VM (its hypervisor) started; null when unknown"),
    }),
    memory: z.object({
      totalMiB: z.number().int().describe("memory the VM has (MiB)"),
      usedMiB: z.number().int().describe("memory in use (MiB): host resident set of the VM"),
    }),
    disk: z.object({
      totalGiB: z.number().int().describe("size of the VM's disk (GiB)"),
      usedBytes: z.number().int().describe("bytes the disk takes on the provider's host"),
      readBytes: z.number().int().nullable().describe("bytes read since boot; null when unknown"),
      writeBytes: z
        .number()
        .int()
        .nullable()
        .describe("bytes written since boot; null when unknown"),
    }),
    sampleWindowMs: z.number().int().describe("how long CPU usage was measured over (ms)"),
  })
  .describe("VM usage");

/** The recent serial console output of a VM (raw guest text: sanitize before printing). */
export type VmConsoleView = z.infer<typeof vmConsoleViewSchema>;
/** What a running VM uses, measured by its provider. */
export type VmStatsView = z.infer<typeof vmStatsViewSchema>;
