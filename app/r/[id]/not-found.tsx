
export default function SharedReportNotFound() {
  return (
    <section className="gone" aria-labelledby="gone-title">
      <h1 id="gone-title">No shared report here</h1>
      <p>This link does not match any shared report. It may be mistyped, or it expired long ago.</p>
      <p className="gone-actions">
        <a className="button primary" href="/">
          Check a server
        </a>
      </p>
    </section>
  );
}
