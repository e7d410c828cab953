// The filter form: its options come from the reports' own lists (a new model appears here by itself), it shows a
// view, and it reads one back. Dates are shown inclusive ("to 31 March") while the view and the URL keep the API's
// exclusive `to` (1 April), so a shared link means what `tributary report --to` means.
import { byId, el } from './dom.js';
import { ENTITY_LABELS, KEY_LABELS, MODEL_LABELS } from './labels.js';
import { addDays, CHANNEL_MODELS, DEFAULT_VIEW, ENTITIES, isDataDriven, isDate, REPORT_KEYS, type View } from './view.js';

export interface FilterForm {
  show(view: View): void;
  read(): View;
  onChange(listener: () => void): void;
}

function fill(select: HTMLSelectElement, values: readonly string[], labels: Record<string, string>): void {
  select.replaceChildren(...values.map((v) => el('option', { text: labels[v] ?? v, attrs: { value: v } })));
}

export function filterForm(): FilterForm {
  const form = byId<HTMLFormElement>('filters');
  const entity = byId<HTMLSelectElement>('entity');
  const model = byId<HTMLSelectElement>('model');
  const by = byId<HTMLSelectElement>('by');
  const from = byId<HTMLInputElement>('from');
  const through = byId<HTMLInputElement>('through');
  fill(entity, ENTITIES, ENTITY_LABELS);
  fill(model, CHANNEL_MODELS, MODEL_LABELS);
  fill(by, REPORT_KEYS, KEY_LABELS);
  // The form never submits: it is read on every change, and Enter in a date field must not reload the page.
  form.addEventListener('submit', (event) => event.preventDefault());

  const lockKeys = () => {
    // Markov and Shapley credit channels only, so the other keys are offered only under per-touchpoint models.
    for (const option of Array.from(by.options)) option.disabled = isDataDriven(model.value as View['model']) && option.value !== 'channel';
  };
  const show = (view: View) => {
    entity.value = view.entity;
    model.value = view.model;
    by.value = view.by;
    from.value = view.from ?? '';
    through.value = view.to === null ? '' : addDays(view.to, -1);
    through.min = from.value;
    lockKeys();
  };
  return {
    show,
    read() {
      return {
        entity: entity.value as View['entity'],
        model: model.value as View['model'],
        by: by.value as View['by'],
        from: isDate(from.value) ? from.value : null,
        to: isDate(through.value) ? addDays(through.value, 1) : null,
      };
    },
    onChange(listener) {
      form.addEventListener('change', listener);
      byId<HTMLButtonElement>('reset').addEventListener('click', () => { show(DEFAULT_VIEW); listener(); });
    },
  };
}
