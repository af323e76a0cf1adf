/** The model the playground has open: loaded (and described) by the prediction worker. */
import { useEffect, useState } from 'react';
import { predictions } from '../../../services/page';
import type { DescribedModel } from '../../../services/prediction/predictClient';

export type ModelState =
  | { status: 'none' }
  | { status: 'loading'; uri: string }
  | { status: 'ready'; model: DescribedModel }
  | { status: 'failed'; uri: string; error: string };

type Loaded = { uri: string; model: DescribedModel } | { uri: string; error: string };

export function usePlaygroundModel(uri: string | null): ModelState {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (!uri) return;
    let current = true;
    predictions.describe(uri).then(
      (model) => current && setLoaded({ uri, model }),
      (error: unknown) => current && setLoaded({ uri, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [uri]);
  if (!uri) return { status: 'none' };
  if (!loaded || loaded.uri !== uri) return { status: 'loading', uri };
  return 'model' in loaded ? { status: 'ready', model: loaded.model } : { status: 'failed', uri, error: loaded.error };
}
