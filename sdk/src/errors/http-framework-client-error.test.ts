import { describe, expect, it } from "vitest";
import { frameworkClientError } from "./http-framework-client-error.ts";

// The shapes Fastify throws for a bad body (a real Fastify instance drives this mapping in the
// requestor's and provider's API tests; the sdk does not depend on Fastify).
describe("frameworkClientError", () => {
  it("maps the framework's 4xx to VALIDATION_FAILED with its status and reason", () => {
    const error = Object.assign(new Error("Body is not valid JSON"), {
      statusCode: 400,
      code: "FST_ERR_CTP_INVALID_JSON_BODY",
    });
    const golem = frameworkClientError(error);
    expect(golem?.toJSON()).toEqual({
      error: {
        code: "VALIDATION_FAILED",
        message: "the request is invalid: Body is not valid JSON",
        hints: [
          "send a JSON body with content-type: application/json, or no body and no such header",
        ],
        details: { reason: "FST_ERR_CTP_INVALID_JSON_BODY" },
      },
    });
    expect(
      frameworkClientError({ statusCode: 415, code: "FST_ERR_CTP_INVALID_MEDIA_TYPE" })?.status,
    ).toBe(415);
  });

  it("leaves a route's own errors and non-errors alone", () => {
    expect(frameworkClientError(new Error("x"))).toBeUndefined();
    expect(frameworkClientError({ statusCode: 404, code: "ENOENT" })).toBeUndefined();
    expect(frameworkClientError({ statusCode: 503, code: "FST_X" })).toBeUndefined();
    expect(frameworkClientError(null)).toBeUndefined();
  });
});
