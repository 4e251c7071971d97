import { CheckForm } from './components/CheckForm';
import { Explainer } from './components/Explainer';

export const dynamic = 'force-dynamic';

export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const initialUrl = typeof sp.url === 'string' ? sp.url : '';
  return (
    <>
      <section className="intro">
        <h1>Is your MCP server healthy?</h1>
        <p>
          Paste the URL of a remote MCP server. The check makes the same calls a real client makes on connect, in both protocol eras, and shows every
          request and response.
        </p>
      </section>
      <CheckForm initialUrl={initialUrl} intro={<Explainer />} />
    </>
  );
}
