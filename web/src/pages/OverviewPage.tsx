/** Placeholder until the page lands. */
import { useParams } from 'react-router';

export function OverviewPage() {
  const params = useParams();
  return (
    <section className="page">
      <h1>{params.contract}</h1>
    </section>
  );
}
