import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  name: string;
  children: ReactNode;
}

/** Keeps a broken panel (a chart, a preview) from taking the page down with it. */
export class SectionErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[${this.props.name}]`, error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="section-error" role="alert">
          {this.props.name} could not be shown: {this.state.error.message}
        </div>
      );
    }
    return this.props.children;
  }
}
