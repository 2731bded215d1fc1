"use client";

import { GolemError } from "@vm-on-golem/sdk/errors";
import { type FormEvent, useState } from "react";
import { normalizeApiUrl } from "../lib/local-records.ts";
import { publicProviderClient } from "../lib/provider-clients.ts";
import { ErrorDisplay } from "./error-display.tsx";
import { Button } from "./ui/button.tsx";
import { Field } from "./ui/field.tsx";
import { Input } from "./ui/input.tsx";

/** "Add provider by API URL": checks `provider/info` answers before the URL is kept. */
export function AddProviderForm({ onAdd }: { onAdd: (apiUrl: string) => void }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const apiUrl = normalizeApiUrl(text);
    if (!apiUrl) {
      setError(
        new GolemError("VALIDATION_FAILED", `"${text}" is not an http(s) URL`, {
          hints: ["enter the provider's API base URL, e.g. http://203.0.113.7:7466"],
        }),
      );
      return;
    }
    setBusy(true);
    try {
      await publicProviderClient(apiUrl, 10_000).providerInfo();
      onAdd(apiUrl);
      setText("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="flex flex-col gap-2" onSubmit={submit} data-testid="add-provider">
      <div className="flex flex-wrap items-end gap-2">
        <Field className="min-w-0 flex-1 basis-64">
          Provider API URL
          <Input
            name="apiUrl"
            value={text}
            placeholder="http://host:7466"
            onChange={(event) => setText(event.target.value)}
          />
        </Field>
        <Button type="submit" variant="secondary" disabled={busy || text.trim() === ""}>
          {busy ? "Checking…" : "Add provider"}
        </Button>
      </div>
      {error ? <ErrorDisplay error={error} title="could not add the provider" /> : null}
    </form>
  );
}
