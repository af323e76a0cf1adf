import { RECIPES } from '../../../domain/recipes/recipeCatalogue';
import type { Recipe } from '../../../domain/recipes/recipe.types';
import './recipePicker.css';

/**
 * The recipes as cards: a title and what it learns in plain words (two lines of it until chosen,
 * so the form stays in view). One is chosen at a time.
 */
export function RecipePicker({ selected, onSelect }: { selected: string; onSelect: (name: string) => void }) {
  return (
    <div className="recipe-cards" role="group" aria-label="Recipe">
      {RECIPES.map((recipe) => (
        <button
          key={recipe.name}
          type="button"
          aria-pressed={recipe.name === selected}
          className="recipe-card"
          data-testid="train.recipe"
          data-recipe={recipe.name}
          onClick={() => onSelect(recipe.name)}
        >
          <strong className="recipe-card-title">{recipe.title}</strong>
          <span className="recipe-card-description">{recipe.description}</span>
        </button>
      ))}
    </div>
  );
}

/** Entry points of a recipe with more than one (e.g. wine: MLP or ElasticNet). */
export function EntryPointPicker({ recipe, selected, onSelect }: { recipe: Recipe; selected: string; onSelect: (name: string) => void }) {
  if (recipe.entryPoints.length < 2) {
    const only = recipe.entryPoints[0];
    return only?.description ? <p className="muted entry-point-description">{only.title}: {only.description}</p> : null;
  }
  return (
    <fieldset className="entry-points">
      <legend>Model</legend>
      {recipe.entryPoints.map((entryPoint) => (
        <label key={entryPoint.name} className="entry-point">
          <input
            type="radio"
            name="entry-point"
            value={entryPoint.name}
            checked={entryPoint.name === selected}
            onChange={() => onSelect(entryPoint.name)}
            data-testid="train.entry-point"
          />
          <span>
            <strong>{entryPoint.title}</strong>
            {entryPoint.description && <span className="muted"> — {entryPoint.description}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
