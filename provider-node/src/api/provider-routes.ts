import {
  healthViewSchema,
  type ProviderInfoView,
  providerInfoSchema,
} from "@vm-on-golem/sdk/provider-api";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";

/** What the public provider routes need. */
export type ProviderRoutesOptions = {
  /** Everything `GET /api/v1/provider/info` answers. */
  providerInfo: () => Promise<ProviderInfoView>;
};

/** `/api/v1/provider/info` and `/api/v1/health`: public, no session. */
export async function providerRoutes(
  app: FastifyInstance,
  options: ProviderRoutesOptions,
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/provider/info",
    {
      schema: {
        tags: ["provider"],
        summary: "Who this provider is, its driver, free resources and prices",
        response: { 200: providerInfoSchema },
      },
    },
    () => options.providerInfo(),
  );
  r.get(
    "/health",
    {
      schema: {
        tags: ["provider"],
        summary: "Answers while the node serves requests",
        response: { 200: healthViewSchema },
      },
    },
    async () => ({ ok: true as const }),
  );
}
