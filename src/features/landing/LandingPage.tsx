import { CONSOLE_ONE_LINER, DEMOS } from './demos';
import './landing.css';

/** Opens the header's Import dialog: the one ImportBundle of the app owns the dialog and the drop zone. */
function openImport() {
  document.querySelector<HTMLButtonElement>('[data-testid="bundle.import"]')?.click();
}

/**
 * The first visit's start (what `#/` shows while no run exists, and `#/start` always): Trainyard
 * in one sentence, the built-in demos as cards (Iris first), importing a bundle, and the console
 * one-liner for scripters. `hasRuns`: offer the way back to the runs.
 */
export function LandingPage({ hasRuns }: { hasRuns: boolean }) {
  return (
    <section className="landing" aria-labelledby="landing-title" data-testid="landing">
      <header className="landing-hero">
        <h2 id="landing-title">Train a model in your browser, and keep a record of every run</h2>
        <p className="landing-lead" data-testid="landing.lead">
          Trainyard trains small machine-learning models right here, offline, and records each run — its settings, its scores and
          the trained model — so you can compare runs and see what made a model better.
        </p>
        {hasRuns && (
          <p>
            <a href="#/" data-testid="landing.runs-link">
              ← Back to your runs
            </a>
          </p>
        )}
      </header>

      <h3 className="landing-heading">Start with a demo</h3>
      <ul className="landing-demos" aria-label="Demos">
        {DEMOS.map((demo, i) => (
          <li key={demo.recipe}>
            <a className={`landing-card${i === 0 ? ' landing-card-first' : ''}`} href={demo.href} data-testid="landing.demo" data-recipe={demo.recipe}>
              <span className="landing-card-head">
                <strong className="landing-card-title">{demo.title}</strong>
                <span className="landing-card-cost">{demo.cost}</span>
              </span>
              <span className="landing-card-blurb">{demo.blurb}</span>
              <span className="landing-card-action" aria-hidden="true">
                {i === 0 ? 'Start here →' : 'Open →'}
              </span>
            </a>
          </li>
        ))}
      </ul>

      <div className="landing-more">
        <section className="landing-panel" aria-labelledby="landing-import-title">
          <h3 id="landing-import-title">Already have runs?</h3>
          <p>Import a bundle exported from Trainyard, or a zipped MLflow <code>mlruns</code> folder. Nothing leaves your browser.</p>
          <p>
            <button type="button" onClick={openImport} data-testid="landing.import">
              Import a bundle…
            </button>{' '}
            <span className="muted">or drop the .zip anywhere on this page.</span>
          </p>
        </section>
        <section className="landing-panel" aria-labelledby="landing-console-title">
          <h3 id="landing-console-title">Prefer to script?</h3>
          <p>Open the browser&apos;s developer console (F12) and type:</p>
          <pre className="landing-code">
            <code data-testid="landing.console">{CONSOLE_ONE_LINER}</code>
          </pre>
          <p className="muted">
            <code>trainyard.listRecipes()</code> lists every recipe; runs logged from the console show up here too.
          </p>
        </section>
      </div>
    </section>
  );
}
