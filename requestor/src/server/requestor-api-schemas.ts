import { MAX_PUBLISHED_PORTS } from "@vm-on-golem/sdk/advert";
import { z } from "zod";

/** Largest cloud-config the local API takes, in bytes (the provider's own limit). */
export const maxCloudInitBytes = 64 * 1024;

/** Most hours one create or top-up may ask for (ten years; the spending caps bound the money). */
const maxHours = 87_600;

const hours = z.number().min(0.001).max(maxHours);

/** `{name}` of a VM recorded here. */
export const nameParams = z.object({ name: z.string().min(1).max(63) });

/** `{ref}`: a stream id or a VM name. */
export const refParams = z.object({
  ref: z.string().min(1).max(80).describe("stream id or VM name"),
});

/**
 * `POST /api/v1/vms`. Content, never a path: the server reads no file on a caller's behalf.
 * Unknown fields (such as the former `cloudInitFile`) are refused, not ignored.
 */
export const createBody = z
  .object({
    name: z.string().min(1).max(63),
    providerId: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, "an address (0x and 40 hex digits)")
      .describe("the provider's payment address"),
    providerUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .describe("the provider's API instead of discovery"),
    cpu: z.number().int().min(1).max(256),
    memoryGiB: z.number().int().min(1).max(4096),
    storageGiB: z.number().int().min(1).max(65_536),
    image: z.string().min(1).max(256).optional(),
    cloudInit: z
      .string()
      .refine((text) => Buffer.byteLength(text) <= maxCloudInitBytes, {
        message: `must be at most ${maxCloudInitBytes} bytes`,
      })
      .refine((text) => text.trimStart().startsWith("#cloud-config"), {
        message: "must be a #cloud-config document (its first line is #cloud-config)",
      })
      .optional()
      .describe("the #cloud-config YAML itself (at most 64 KiB), merged after the provider's own"),
    ports: z
      .array(z.number().int().min(1).max(65_535))
      .max(MAX_PUBLISHED_PORTS)
      .optional()
      .describe(
        "guest ports to publish besides SSH (not 22, no duplicates, at most the provider's advertised maxPublishedPorts)",
      ),
    hours: hours.optional().describe("hours of runway to fund (default 2)"),
    streamId: z
      .string()
      .regex(/^\d{1,78}$/)
      .optional()
      .describe("an open stream paying for this VM's offer (a retry), instead of hours"),
  })
  .strict()
  // Checked here so the API names its own fields, not the CLI's flags.
  .refine((b) => b.hours === undefined || b.streamId === undefined, {
    message: "pass either hours (open a new stream) or streamId (use an existing one), not both",
  });

/** `POST /api/v1/streams/{ref}/topup`. */
export const topUpBody = z
  .object({
    hours: hours.optional(),
    glm: z
      .string()
      .regex(/^\d{1,30}(\.\d{1,18})?$/, "a decimal amount, e.g. 2.5")
      .optional(),
  })
  .strict()
  // Checked here so the API names its own fields, not the CLI's flags.
  .refine((b) => (b.hours === undefined) !== (b.glm === undefined), {
    message: "pass exactly one of hours and glm",
  })
  .describe("exactly one of hours (at the stream's rate) and glm");

/** `DELETE /api/v1/vms/{name}` query. */
export const destroyQuery = z.object({ keepStream: z.enum(["true", "false"]).optional() }).strict();

/** Hours as the CLI's flag text (`hoursToSeconds` takes plain decimals, never `1e-7`). */
export const hoursText = (value: number | undefined) =>
  value === undefined ? undefined : value.toFixed(6);
