/** One prediction: the value, or the class with its top probabilities as bars. */
import { formatProbability } from '../../../domain/compare/evaluation';
import { outputText, type Prediction } from '../../../domain/playground/results';
import { percentText } from '../playgroundView';

export function PredictionView({ prediction }: { prediction: Prediction }) {
  if (prediction.kind === 'value') {
    return (
      <p className="playground-value">
        Prediction: <strong data-testid="playground.prediction">{outputText(prediction.value)}</strong>
      </p>
    );
  }
  if (prediction.kind === 'vector') {
    return (
      <p className="playground-value">
        Outputs: <strong data-testid="playground.prediction">{prediction.values.map(outputText).join(', ')}</strong>
      </p>
    );
  }
  return (
    <div>
      <p className="playground-value">
        Prediction: <strong data-testid="playground.prediction">{prediction.label}</strong>
      </p>
      <table className="playground-classes" data-testid="playground.classes">
        <tbody>
          {prediction.top.map((score) => (
            <tr key={score.label} data-testid="playground.class">
              <td className="playground-class-label">{score.label}</td>
              <td className="playground-bar-cell">
                <span className="playground-bar" style={{ width: `${Math.max(0, Math.min(1, score.probability)) * 100}%` }} />
              </td>
              <td className="playground-probability" data-testid="playground.probability" title={formatProbability(score.probability)}>
                {percentText(score.probability)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
