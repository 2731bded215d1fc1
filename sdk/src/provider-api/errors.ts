import { z } from "zod";

/** `{error: {code, message, hints, details?}}`, the body of every failed provider API request. */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().describe("stable error code, e.g. VM_NOT_FOUND"),
      message: z.string().describe("what happened"),
      hints: z.array(z.string()).describe("what to do next"),
      details: z.record(z.string(), z.unknown()).optional().describe("machine-readable facts"),
    }),
  })
  .describe("error envelope");

/** The body of a failed provider API request. */
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
