import { z } from "zod";
import { uintDecimal } from "../chain/uint-schemas.ts";
import { wireAddressSchema } from "./wire-hex.ts";

const amounts = z.object({
  cpu: z.number().int(),
  memoryGiB: z.number(),
  storageGiB: z.number(),
});

/** Answer of `GET /api/v1/provider/info`. */
export const providerInfoSchema = z.object({
  providerId: wireAddressSchema
    .nullable()
    .describe("the provider's payment address; null until payments"),
  name: z.string(),
  country: z.string().nullable(),
  network: z
    .string()
    .describe(
      "payments network by name, as `--network` says it (local, sepolia, …, or chain <id>)",
    ),
  version: z.string(),
  driver: z.object({
    name: z.string(),
    accel: z.enum(["kvm", "tcg"]).nullable(),
    usable: z.boolean(),
    reason: z.string().nullable(),
    network: z
      .object({
        requested: z.enum(["isolated", "none"]).describe("what the operator asked for"),
        mode: z
          .enum(["isolated", "none"])
          .describe(
            "in force: isolated (egress to the internet only) or none (no egress, SSH only)",
          ),
        reason: z.string().describe("why this mode is in force"),
      })
      .optional()
      .describe("the guests' network (drivers that decide it)"),
  }),
  resources: z.object({
    total: amounts.describe("what the node offers in all: host totals times the thresholds"),
    free: amounts.describe("what is not reserved by VMs"),
    vms: z.object({ max: z.number().int(), used: z.number().int(), free: z.number().int() }),
  }),
  prices: z
    .object({
      perCoreHour: uintDecimal(256),
      perGiBMemoryHour: uintDecimal(256),
      perGiBDiskHour: uintDecimal(256),
    })
    .nullable()
    .describe("token base units per hour, decimal; null when payments are off"),
  payments: z
    .object({
      chainId: z.number().int(),
      streamPayment: wireAddressSchema.describe("StreamPayment contract address"),
      token: wireAddressSchema.describe(
        "token address (the zero address: the chain's native coin)",
      ),
      minRunwaySeconds: z.number().int(),
      accepts: z
        .array(
          z.object({
            pay: z.enum(["glm", "eth"]),
            streamPayment: wireAddressSchema,
            token: wireAddressSchema,
            symbol: z.string(),
            decimals: z.number().int(),
            native: z.boolean(),
          }),
        )
        .optional()
        .describe("every StreamPayment deployment this provider accepts streams on"),
    })
    .nullable()
    .optional()
    .describe("where to pay; null when payments are off"),
  paymentsEnabled: z.boolean(),
  apiExtensions: z.array(z.string()).describe("optional API features this node serves"),
});

/** Answer of `GET /api/v1/provider/info`. */
export type ProviderInfoView = z.infer<typeof providerInfoSchema>;

/** Answer of `GET /api/v1/health`. */
export const healthViewSchema = z.object({ ok: z.literal(true) });
