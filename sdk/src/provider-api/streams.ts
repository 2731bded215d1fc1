import { z } from "zod";
import { uintDecimal } from "../chain/uint-schemas.ts";
import { wireAddressSchema, wireHex } from "./wire-hex.ts";

const amount = uintDecimal(256);

/** A VM's stream as `GET /api/v1/vms/{id}/stream` answers it; amounts are decimal strings. */
export const vmStreamViewSchema = z.object({
  vmId: z.string(),
  streamId: uintDecimal(256),
  sender: wireAddressSchema,
  recipient: wireAddressSchema,
  serviceId: wireHex(64),
  ratePerSecond: amount.describe("token base units per second"),
  refundable: amount.describe("what terminate would refund the sender (base units)"),
  withdrawable: amount.describe("accrued, not yet withdrawn (base units)"),
  runwaySeconds: z.number().int().describe("paid seconds left"),
  depletionTime: z.number().int().nullable().describe("unix seconds the balance runs out"),
  active: z.boolean(),
  closed: z.boolean(),
  at: z.number().int().describe("chain time (unix seconds) the numbers are for"),
  topUpBudget: amount.describe(
    "what the provider may still pull from the sender into the stream (base units)",
  ),
  lastBudgetTopUp: z
    .object({
      at: z.number().int().describe("unix seconds the top-up was confirmed"),
      amount: amount.describe("base units pulled from the budget"),
      txHash: z.string().describe("the topUpFromBudget transaction"),
    })
    .nullable()
    .describe("the provider's latest top-up from the stream's budget; null when none"),
});

/** The stream paying for a VM, as its provider reads it on chain. */
export type VmStreamView = z.infer<typeof vmStreamViewSchema>;
