import { Suspense } from "react";
import { PageTitle } from "../../src/components/page-title.tsx";
import { RentFromQuery } from "../../src/components/rent-from-query.tsx";

export const metadata = { title: "Rent · VM on Golem" };

export default function RentPage() {
  return (
    <section>
      <PageTitle title="Rent a VM">
        Size, image and SSH key; one sign-in, one payment, then the SSH command.
      </PageTitle>
      {/* The query is read in the browser: the static page is the same for every provider. */}
      <Suspense>
        <RentFromQuery />
      </Suspense>
    </section>
  );
}
