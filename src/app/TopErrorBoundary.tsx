import { Component, type ReactNode } from 'react';

/** The last line: if the app itself fails to render, say so and offer a reload; the data is safe in IndexedDB. */
export class TopErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="top-error" role="alert">
        <h1>Trainyard hit an error</h1>
        <p>{this.state.error.message}</p>
        <p>Your runs are stored in this browser and were not touched.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </main>
    );
  }
}
