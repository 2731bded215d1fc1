import { describe, expect, it } from "vitest";
import type { CliContext } from "../cli/cli-context.ts";
import { createRequestorApi } from "./create-requestor-api.ts";

// In-process (fastify.inject): these requests are refused before any CLI action runs, so the
// context's configuration is never asked for.
const ctx = {
  version: "0",
  env: {},
  out: () => {},
  err: () => {},
  interactive: false,
  config: () => Promise.reject(new Error("no action should run")),
} satisfies CliContext;
const access = { token: "t0ken", isAllowedHost: (host: string) => host === "localhost:80" };
const authorization = "Bearer t0ken";

describe("the local API's error envelope for requests Fastify refuses", () => {
  it.each([
    ["an empty body sent as JSON", "application/json", undefined, 400],
    ["a body that is not JSON", "application/json", "{bad", 400],
    ["a media type it does not take", "application/xml", "<vm/>", 415],
  ])("%s is VALIDATION_FAILED, not INTERNAL", async (_what, type, payload, status) => {
    const app = await createRequestorApi({ ctx, access });
    try {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/vms/web-1/stop",
        headers: { "content-type": type, authorization },
        ...(payload === undefined ? {} : { payload }),
      });
      expect(res.statusCode).toBe(status);
      const { error } = res.json() as { error: { code: string; hints: string[]; details: object } };
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.hints[0]).toContain("content-type");
      expect(error.details).toMatchObject({ reason: expect.stringMatching(/^FST_/) });
    } finally {
      await app.close();
    }
  });

  it("a cloudInitFile (a path on this machine) is refused: content only over HTTP", async () => {
    const app = await createRequestorApi({ ctx, access });
    try {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/vms",
        headers: { authorization },
        payload: {
          ...{ name: "web-1", providerId: "0x00000000000000000000000000000000000a11ce" },
          ...{ cpu: 1, memoryGiB: 1, storageGiB: 4, cloudInitFile: "user-data.yaml" },
        },
      });
      expect(res.statusCode).toBe(400);
      const { error } = res.json() as { error: { code: string; message: string } };
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toContain("cloudInitFile");
    } finally {
      await app.close();
    }
  });

  it.each([
    ["neither", {}],
    ["both", { hours: 1, glm: "2" }],
  ])("a top-up with %s of hours and glm names the API's fields", async (_what, payload) => {
    const app = await createRequestorApi({ ctx, access });
    try {
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/streams/7/topup",
        headers: { authorization },
        payload,
      });
      expect(res.statusCode).toBe(400);
      const { error } = res.json() as { error: { code: string; message: string } };
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toContain("pass exactly one of hours and glm");
      expect(error.message).not.toContain("--");
    } finally {
      await app.close();
    }
  });
});
