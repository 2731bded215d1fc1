import Link from "next/link";
import { Card, CardDescription, CardHeader, CardTitle } from "../src/components/ui/card.tsx";

const sections = [
  ["/providers", "Providers", "Find one, check its price and reachability, rent."],
  ["/vms", "My VMs", "Status, runway, top up, stop, start, destroy."],
  ["/streams", "Your streams", "Every stream you pay or are paid by."],
  [
    "/provider",
    "Provider dashboard",
    "Your advert, earnings over time, streams paying you; withdraw all.",
  ],
] as const;

export default function HomePage() {
  return (
    <section className="flex flex-col gap-8">
      <div className="flex flex-col gap-3 pt-2 sm:pt-6">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">VM on Golem</h1>
        <p className="max-w-2xl text-base text-muted-foreground sm:text-lg">
          Rent a Linux VM from a provider, pay by the second through an on-chain stream, SSH in.
        </p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2">
        {sections.map(([href, title, text]) => (
          <li key={href}>
            <Link href={href} className="block h-full hover:no-underline">
              <Card className="h-full transition-colors hover:border-primary/50 hover:bg-muted/30">
                <CardHeader className="sm:pb-5">
                  <CardTitle className="text-primary">{title}</CardTitle>
                  <CardDescription>{text}</CardDescription>
                </CardHeader>
              </Card>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
